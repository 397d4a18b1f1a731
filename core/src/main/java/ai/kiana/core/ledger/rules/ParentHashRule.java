package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** A block names its parent's hash (genesis: 64 zeros). */
public final class ParentHashRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.block().parent().equals(c.parent().hash())) {
      return c.fail(
          ViolationKind.BAD_PARENT,
          "parent "
              + Describe.hash(c.block().parent())
              + "… is not the previous block "
              + Describe.hash(c.parent().hash())
              + "…");
    }
    return Optional.empty();
  }
}
