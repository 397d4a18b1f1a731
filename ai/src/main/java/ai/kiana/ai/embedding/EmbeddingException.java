package ai.kiana.ai.embedding;

/** An embedder cannot produce vectors: the model does not load or run, or its server fails. */
public final class EmbeddingException extends RuntimeException {

  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
