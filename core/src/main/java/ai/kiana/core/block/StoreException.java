package ai.kiana.core.block;

/** The database behind a {@link BlockStore} failed; the message says what was being done. */
public final class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
