package ai.kiana.ai.retrieval;

/**
 * Which ranking a search uses; {@link #HYBRID} is what users get, the others are for evaluation.
 */
public enum SearchMode {
  BM25,
  VECTOR,
  HYBRID
}
