package ai.kiana.ai.documents;

/**
 * A document cannot be imported: its type is not supported, it is damaged, it holds no text, or its
 * name is not acceptable. Nothing of it was stored.
 */
public final class DocumentException extends RuntimeException {

  /** Why, for exit codes and HTTP statuses. */
  public enum Kind {
    UNSUPPORTED,
    UNREADABLE,
    EMPTY,
    BAD_NAME
  }

  private final Kind kind;

  public DocumentException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public DocumentException(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
