package ai.kiana.core.ledger.engine;

import ai.kiana.core.ledger.rules.RuleViolation;

/**
 * What became of a transaction offered to the pool ({@link LedgerEngine#submit} or a peer's {@link
 * LedgerMessage.TxAnnounce}).
 *
 * @param violation why it was refused, for {@link Outcome#REJECTED}; null otherwise
 */
public record TxAdmission(Outcome outcome, String txId, RuleViolation violation) {

  public enum Outcome {
    /** New and valid on top of the head and the transactions already pending: now pending. */
    POOLED,
    /** Already pending; nothing changed. */
    DUPLICATE,
    /** Invalid for the head state (signature, issuer, permission, replayed seq, …). */
    REJECTED,
    /** The pool holds {@link LedgerEngineConfig#maxPending} transactions; try again later. */
    POOL_FULL
  }

  public boolean pooled() {
    return outcome == Outcome.POOLED;
  }

  @Override
  public String toString() {
    return outcome + " " + txId.substring(0, 12) + (violation == null ? "" : ": " + violation);
  }
}
