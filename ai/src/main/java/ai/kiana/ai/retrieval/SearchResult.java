package ai.kiana.ai.retrieval;

import java.util.List;

/**
 * Passages for a question, best first, and whether the knowledge does not seem to cover it.
 *
 * @param declined true when even the best passage is a weak match (see {@link
 *     HybridRetriever#DEFAULT_MIN_COSINE} and {@link HybridRetriever#DEFAULT_MIN_COVERAGE}); the
 *     passages are still returned, a backend decides what to say
 */
public record SearchResult(List<Passage> passages, boolean declined) {

  public SearchResult {
    passages = List.copyOf(passages);
  }
}
