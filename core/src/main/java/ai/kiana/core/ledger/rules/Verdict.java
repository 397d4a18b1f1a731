package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.LedgerState;

/** The outcome of validating a block or a chain. */
public sealed interface Verdict {

  /** Valid; {@code state} is the ledger state after the (last) block. */
  record Accepted(LedgerState state) implements Verdict {}

  /** Invalid; {@code violation} is the first rule broken, in chain and rule order. */
  record Rejected(RuleViolation violation) implements Verdict {}

  default boolean accepted() {
    return this instanceof Accepted;
  }
}
