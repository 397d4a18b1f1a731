package ai.kiana.server.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.core.block.Scope;
import java.util.List;
import java.util.Set;

/**
 * A retriever that returns only blocks of the scopes a caller may read. The index knows no scopes,
 * so it asks for {@value #OVERFETCH} times as many passages as wanted and drops the rest: a user
 * granted a small scope among much other knowledge may get fewer passages than the limit, never a
 * passage it must not see.
 */
final class ScopedRetriever implements Retriever {

  static final int OVERFETCH = 4;
  static final int MAX_CANDIDATES = 200;

  private final Retriever inner;
  private final Set<Scope> readable;

  ScopedRetriever(Retriever inner, Set<Scope> readable) {
    this.inner = inner;
    this.readable = Set.copyOf(readable);
  }

  @Override
  public List<Passage> retrieve(String question, int limit) {
    if (readable.isEmpty()) {
      return List.of();
    }
    int candidates = Math.min(MAX_CANDIDATES, Math.max(limit, limit * OVERFETCH));
    return inner.retrieve(question, candidates).stream()
        .filter(p -> readable.contains(p.block().scope()))
        .limit(limit)
        .toList();
  }
}
