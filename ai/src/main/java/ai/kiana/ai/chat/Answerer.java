package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.ai.text.Language;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The answer pipeline: retrieve, keep only the passages that cover the question ({@link
 * Coverage#cited}), let the configured backend write, and when that backend is down, times out or
 * breaks off, tell the user so and answer with the extractive answerer instead. Never throws a
 * {@link BackendException}: the user always gets an answer.
 */
public final class Answerer {

  public static final int DEFAULT_RETRIEVED = 8;
  public static final int DEFAULT_CITED = 5;

  private final Retriever retriever;
  private final Supplier<ChatBackend> backend;
  private final ExtractiveBackend extractive;

  public Answerer(
      Retriever retriever, Supplier<ChatBackend> backend, ExtractiveBackend extractive) {
    this.retriever = retriever;
    this.backend = backend;
    this.extractive = extractive;
  }

  /** Answers {@code question} after {@code history} (oldest first), streaming to {@code tokens}. */
  public Answer answer(String question, List<ChatMessage> history, Consumer<String> tokens) {
    return answer(question, history, tokens, cited -> {});
  }

  /**
   * As {@link #answer(String, List, Consumer)}, giving the passages the answer will cite to {@code
   * beforeWriting} before the backend starts writing (which may think for seconds first).
   */
  public Answer answer(
      String question,
      List<ChatMessage> history,
      Consumer<String> tokens,
      Consumer<List<Passage>> beforeWriting) {
    List<Passage> covering =
        Coverage.cited(question, retriever.search(question, DEFAULT_RETRIEVED));
    List<Passage> cited = covering.subList(0, Math.min(DEFAULT_CITED, covering.size()));
    String lang = Language.guess(question);
    ChatRequest request = new ChatRequest(question, history, cited, lang);
    StringBuilder text = new StringBuilder();
    Consumer<String> collect =
        piece -> {
          text.append(piece);
          tokens.accept(piece);
        };
    ChatBackend chosen = backend.get();
    beforeWriting.accept(cited);
    try {
      chosen.answer(request, collect);
      return new Answer(text.toString(), cited, chosen.name(), cited.isEmpty(), null);
    } catch (BackendException e) {
      collect.accept((text.isEmpty() ? "" : "\n\n") + fallbackNote(e, lang) + "\n\n");
      extractive.answer(request, collect);
      return new Answer(text.toString(), cited, extractive.name(), cited.isEmpty(), e);
    }
  }

  private static String fallbackNote(BackendException e, String lang) {
    return "de".equals(lang)
        ? "_(Kein Modell verfügbar – " + e.getMessage() + ". Antwort aus dem eigenen Wissen:)_"
        : "_(No model available – " + e.getMessage() + ". Answer from my own knowledge:)_";
  }
}
