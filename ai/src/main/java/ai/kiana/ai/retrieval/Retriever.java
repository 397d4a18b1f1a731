package ai.kiana.ai.retrieval;

import java.util.List;

/**
 * Finds the blocks that best answer a question. Chat backends depend on this interface only, so the
 * retrieval method (BM25, vectors, hybrid) can change without touching them.
 */
public interface Retriever {

  /**
   * The best current passages for a question, best first, at most {@code limit}. Superseded and
   * retracted blocks are never returned.
   */
  List<Passage> retrieve(String question, int limit);

  /**
   * The passages with the retriever's own judgement of whether they cover the question. One that
   * has no relevance signal of its own (the default) returns {@link SearchResult#judged()} false
   * and leaves the decision to the caller.
   */
  default SearchResult search(String question, int limit) {
    return new SearchResult(retrieve(question, limit), false, false, 0, 0, 0);
  }
}
