package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** A block comes at least {@code periodMillis} after its parent (EIP-225's BLOCK_PERIOD). */
public final class TimestampAfterParentRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    long earliest = c.parent().timestamp() + c.params().periodMillis();
    if (c.block().timestamp() < earliest) {
      return c.fail(
          ViolationKind.TIMESTAMP_TOO_EARLY,
          "timestamp " + c.block().timestamp() + " is before parent + period = " + earliest);
    }
    return Optional.empty();
  }
}
