package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import java.util.List;

/**
 * A finished answer: its whole text, the passages it may cite (numbered from 1 in list order), the
 * backend that wrote it, whether the knowledge did not cover the question, and, when the configured
 * backend failed and the extractive answerer stepped in, why.
 */
public record Answer(
    String text,
    List<Passage> citations,
    String backend,
    boolean declined,
    BackendException fallbackReason) {

  public Answer {
    citations = List.copyOf(citations);
  }
}
