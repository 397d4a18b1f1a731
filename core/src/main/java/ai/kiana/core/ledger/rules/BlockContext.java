package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import java.util.Optional;

/**
 * What a {@link BlockRule} sees: the parent's state, the block with its digest, and the validating
 * node's clock reading {@code now} (epoch millis; rules never read a clock).
 */
public record BlockContext(LedgerState parent, BlockDigest digest, long now) {

  public LedgerBlock block() {
    return digest.block();
  }

  public LedgerParams params() {
    return parent.params();
  }

  /**
   * The height this block was offered at: the parent's plus one. Violations report it rather than
   * the block's own {@code height} member, which may be what is wrong.
   */
  public long offeredHeight() {
    return parent.height() + 1;
  }

  /** A violation of {@code kind} by the block itself. */
  public Optional<RuleViolation> fail(ViolationKind kind, String message) {
    return failTx(-1, kind, message);
  }

  /** A violation of {@code kind} by the block's transaction at {@code txIndex}. */
  public Optional<RuleViolation> failTx(int txIndex, ViolationKind kind, String message) {
    return Optional.of(new RuleViolation(offeredHeight(), txIndex, kind, message));
  }
}
