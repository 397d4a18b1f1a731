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
    /**
     * New, but its {@code seq} leaves a gap after the issuer's last on the head chain and its
     * pending transactions: kept aside until the missing ones arrive, then pending (and sealed) in
     * {@code seq} order. Not refused: transactions of one issuer may overtake each other on the
     * network.
     */
    QUEUED,
    /** Already pending or queued; nothing changed. */
    DUPLICATE,
    /** Invalid for the head state (signature, issuer, permission, replayed seq, …). */
    REJECTED,
    /**
     * The pool holds {@link LedgerEngineConfig#maxPending} transactions, or the issuer has as many
     * queued as the pool keeps per issuer; try again later.
     */
    POOL_FULL
  }

  /** Whether it is now pending (executable). */
  public boolean pooled() {
    return outcome == Outcome.POOLED;
  }

  /** Whether it is now queued (waiting for an earlier {@code seq} of its issuer). */
  public boolean queued() {
    return outcome == Outcome.QUEUED;
  }

  /** Whether it is newly in the pool, pending or queued (and so worth announcing). */
  public boolean accepted() {
    return outcome == Outcome.POOLED || outcome == Outcome.QUEUED;
  }

  @Override
  public String toString() {
    return outcome + " " + txId.substring(0, 12) + (violation == null ? "" : ": " + violation);
  }
}
