package ai.kiana.net.sync.reconcile;

/** A reconciliation message that cannot be decoded or breaks the rules (bounds not ascending). */
public final class ReconcileFormatException extends RuntimeException {
  public ReconcileFormatException(String message) {
    super(message);
  }
}
