package ai.kiana.net.connections;

/** The peer (or this node) refused a connection; the message says why, for people. */
public final class RefusedException extends RuntimeException {
  public RefusedException(String message) {
    super(message);
  }
}
