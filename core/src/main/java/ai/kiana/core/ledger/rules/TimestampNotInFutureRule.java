package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * A block's timestamp lies at most {@code maxFutureDriftMillis} ahead of the validating node's
 * clock. A block that fails may become valid later; the engine may hold it back and retry.
 */
public final class TimestampNotInFutureRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    long limit = c.now() + c.params().maxFutureDriftMillis();
    if (c.block().timestamp() > limit) {
      return c.fail(
          ViolationKind.TIMESTAMP_IN_FUTURE,
          "timestamp "
              + c.block().timestamp()
              + " is "
              + (c.block().timestamp() - c.now())
              + " ms ahead of this node's clock (at most "
              + c.params().maxFutureDriftMillis()
              + " allowed)");
    }
    return Optional.empty();
  }
}
