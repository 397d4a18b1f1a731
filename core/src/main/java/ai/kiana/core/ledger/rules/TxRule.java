package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * One validation rule for a transaction, checked against the state it meets: the parent's state
 * after the block's own effects and the block's earlier transactions. Stateless and thread-safe.
 */
@FunctionalInterface
public interface TxRule {

  /** The violation, or empty if the transaction satisfies this rule. */
  Optional<RuleViolation> check(TxContext context);
}
