package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** {@code hash} is SHA-256 of the block's signing bytes: any edited member shows here. */
public final class BlockHashRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.digest().hash().equals(c.block().hash())) {
      return c.fail(
          ViolationKind.BAD_HASH,
          "hash "
              + Describe.hash(c.block().hash())
              + "… does not match the block's content ("
              + Describe.hash(c.digest().hash())
              + "…)");
    }
    return Optional.empty();
  }
}
