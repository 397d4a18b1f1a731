package ai.kiana.net.messages;

/** Why a message cannot be sent; the message says what to do. */
public final class MessageException extends RuntimeException {

  public enum Kind {
    /** The recipient is not a known, non-revoked device. */
    UNKNOWN_DEVICE,
    /** No peer has passed on the recipient's encryption key yet. */
    NO_KEY,
    /** The text or lifetime is out of bounds. */
    INVALID
  }

  private final Kind kind;

  public MessageException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
