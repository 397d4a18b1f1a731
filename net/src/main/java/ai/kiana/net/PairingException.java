package ai.kiana.net;

/** Pairing failed; the message tells the user why. */
public final class PairingException extends RuntimeException {

  /** Why pairing failed, for callers that map it to a status or exit code. */
  public enum Kind {
    EXPIRED,
    REFUSED,
    UNREACHABLE,
    OWN_CODE
  }

  private final Kind kind;

  public PairingException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
