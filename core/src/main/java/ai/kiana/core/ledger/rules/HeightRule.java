package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** A block's height is its parent's plus one (genesis: 0, since the state before it is -1). */
public final class HeightRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    long expected = c.parent().height() + 1;
    if (c.block().height() != expected) {
      return c.fail(
          ViolationKind.BAD_HEIGHT,
          "height " + c.block().height() + " does not follow the parent's " + c.parent().height());
    }
    return Optional.empty();
  }
}
