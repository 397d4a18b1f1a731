package ai.kiana.net.ledger;

/** Joining another node's ledger after pairing failed; the message says why, for people. */
public final class LedgerJoinException extends RuntimeException {
  public LedgerJoinException(String message) {
    super(message);
  }
}
