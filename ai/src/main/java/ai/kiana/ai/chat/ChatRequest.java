package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import java.util.List;
import java.util.Objects;

/**
 * What a backend answers: the question, the earlier turns of the conversation (oldest first), and
 * the passages it may cite, numbered from 1 in list order. {@code lang} is "de" or "en", the
 * language to answer in when the backend writes fixed text itself.
 */
public record ChatRequest(
    String question, List<ChatMessage> history, List<Passage> passages, String lang) {

  public ChatRequest {
    Objects.requireNonNull(question, "question");
    history = history == null ? List.of() : List.copyOf(history);
    passages = passages == null ? List.of() : List.copyOf(passages);
    lang = lang == null ? "en" : lang;
  }
}
