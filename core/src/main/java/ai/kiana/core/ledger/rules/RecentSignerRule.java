package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * A validator seals at most one of any floor(N/2)+1 consecutive blocks, N being the number of
 * validators in the parent's state (EIP-225's SIGNER_LIMIT). So fewer than half of the validators
 * can never build a chain on their own. Genesis does not count as a seal.
 */
public final class RecentSignerRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (c.parent().sealedRecently(c.block().proposer())) {
      long last = c.parent().lastSealed(c.block().proposer());
      return c.fail(
          ViolationKind.RECENTLY_SIGNED,
          "proposer "
              + Describe.device(c.block().proposer())
              + " sealed block "
              + last
              + "; with "
              + c.parent().validators().size()
              + " validators it may seal only one of every "
              + c.parent().signerLimit()
              + " consecutive blocks");
    }
    return Optional.empty();
  }
}
