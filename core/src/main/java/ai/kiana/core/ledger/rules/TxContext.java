package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import java.util.Optional;

/**
 * What a {@link TxRule} sees: the state the transaction meets, the block and the transaction's
 * position in it.
 */
public record TxContext(LedgerState state, LedgerBlock block, int index, LedgerTx tx) {

  /** A violation of {@code kind} by this transaction. */
  public Optional<RuleViolation> fail(ViolationKind kind, String message) {
    return Optional.of(new RuleViolation(block.height(), index, kind, message));
  }
}
