package ai.kiana.ai.retrieval;

import java.util.List;

/**
 * Passages for a question, best first, and whether the knowledge does not seem to cover it.
 *
 * @param declined true when even the best passage is a weak match (see {@link
 *     HybridRetriever#DEFAULT_MIN_COSINE} and {@link HybridRetriever#DEFAULT_MIN_COVERAGE}); the
 *     passages are still returned, a backend decides what to say
 * @param topCosine the best passage's cosine similarity to the question (0 if none)
 * @param topCoverage share of the question's content words found in the best passage
 */
public record SearchResult(
    List<Passage> passages, boolean declined, double topCosine, double topCoverage) {

  public SearchResult {
    passages = List.copyOf(passages);
  }
}
