package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.LedgerBlock;
import java.util.Optional;

/**
 * Difficulty 2 if the proposer is in turn (validators sorted by device ID, index height mod N),
 * else 1. Fork choice sums difficulties, so chains sealed in turn win.
 */
public final class DifficultyRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    int expected = c.parent().difficultyFor(c.block().proposer());
    if (c.block().difficulty() != expected) {
      return c.fail(
          ViolationKind.WRONG_DIFFICULTY,
          "difficulty "
              + c.block().difficulty()
              + " but the proposer is "
              + (expected == LedgerBlock.DIFF_IN_TURN ? "in turn (2)" : "out of turn (1)"));
    }
    return Optional.empty();
  }
}
