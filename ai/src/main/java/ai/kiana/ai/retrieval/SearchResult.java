package ai.kiana.ai.retrieval;

import java.util.List;

/**
 * Passages for a question, best first, and whether the knowledge does not seem to cover it.
 *
 * @param judged whether the retriever judged coverage itself ({@link HybridRetriever} does, from
 *     cosine and IDF-weighted word coverage); if not, {@code declined} means nothing was found
 * @param declined true when the best passages lack a code or name the question pins its answer to
 *     (see {@link Specifics}) or even the best passage is a weak match (see {@link
 *     DeclineJudge#declines}); the passages are still returned, a backend decides what to say
 * @param topCosine the best passage's cosine similarity to the question (0 if none)
 * @param topCoverage share of the question's content words found in the best passage
 * @param topWeightedCoverage the same with each word weighted by its IDF in the index
 */
public record SearchResult(
    List<Passage> passages,
    boolean judged,
    boolean declined,
    double topCosine,
    double topCoverage,
    double topWeightedCoverage) {

  public SearchResult {
    passages = List.copyOf(passages);
  }
}
