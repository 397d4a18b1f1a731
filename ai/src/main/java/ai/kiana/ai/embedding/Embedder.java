package ai.kiana.ai.embedding;

import java.util.List;

/**
 * Turns text into vectors whose cosine similarity reflects meaning. Implementations: the in-process
 * ONNX sentence model ({@link OnnxEmbedder}, the default MiniLM or a model the user supplies) and
 * {@link OllamaEmbedder}. Vectors are L2-normalised, so a dot product is the cosine.
 *
 * <p>Thread-safe. Failures (a model that cannot run, an embedding server that does not answer)
 * surface as {@link EmbeddingException}.
 */
public interface Embedder extends AutoCloseable {

  /** Length of every vector this embedder returns. */
  int dimension();

  /**
   * Names the model and its settings; the search index is rebuilt when it changes, because vectors
   * of different models cannot be compared.
   */
  String modelId();

  /** One vector per text, in order. Implementations batch, so prefer this to a loop. */
  List<float[]> embedAll(List<String> texts);

  /**
   * Whether the model only understands English (the bundled MiniLM): retrieval then trusts its
   * vectors less for questions in other languages and leans on language-aware BM25.
   */
  default boolean englishOnly() {
    return false;
  }

  default float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  @Override
  default void close() {}

  /** Scales to unit length in place (a zero vector stays zero) and returns it. */
  static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    if (sum > 0) {
      float inv = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }
}
