package ai.kiana.store.index;

/** The search index cannot be read or written (disk full, damaged files). */
public final class IndexException extends RuntimeException {

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
