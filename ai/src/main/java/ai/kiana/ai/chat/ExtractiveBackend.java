package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.text.Sentences;
import ai.kiana.ai.text.Terms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in answerer: no model, no network. It answers with the sentences of the given passages
 * that share most words with the question (at most {@link #DEFAULT_MAX_SENTENCES}), each followed
 * by its citation [n]; with no passages it says plainly that its knowledge does not cover the
 * question, in the question's language.
 */
public final class ExtractiveBackend implements ChatBackend {

  public static final String NAME = "extractive";
  static final int DEFAULT_MAX_SENTENCES = 3;

  public static final String DECLINE_EN =
      "I don't know that: nothing in my knowledge covers this question yet. You can teach me with"
          + " \"remember that …\", kiana teach, or by importing a document.";
  public static final String DECLINE_DE =
      "Das weiß ich nicht: Mein Wissen deckt diese Frage noch nicht ab. Du kannst es mir mit"
          + " „merk dir, dass …“, kiana teach oder durch ein importiertes Dokument beibringen.";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void answer(ChatRequest request, Consumer<String> tokens) {
    if (request.passages().isEmpty()) {
      words("de".equals(request.lang()) ? DECLINE_DE : DECLINE_EN, tokens);
      return;
    }
    List<String> terms = Terms.of(request.question());
    record Pick(String sentence, int n, int matches, int order) {}
    List<Pick> picks = new ArrayList<>();
    int order = 0;
    for (int i = 0; i < request.passages().size(); i++) {
      Passage p = request.passages().get(i);
      for (String s : Sentences.of(p.block().content())) {
        picks.add(new Pick(s, i + 1, Terms.matches(terms, Terms.of(s)), order++));
      }
    }
    List<Pick> chosen =
        picks.stream()
            .filter(p -> p.matches() > 0)
            .sorted(Comparator.comparingInt(Pick::matches).reversed().thenComparingInt(Pick::order))
            .limit(DEFAULT_MAX_SENTENCES)
            .sorted(Comparator.comparingInt(Pick::order))
            .toList();
    if (chosen.isEmpty() && !picks.isEmpty()) {
      // The passages cover the question by their titles only: quote the best one's start.
      chosen = List.of(picks.getFirst());
    }
    if (chosen.isEmpty()) {
      Passage first = request.passages().getFirst();
      chosen = List.of(new Pick(first.block().title(), 1, 0, 0));
    }
    List<String> seen = new ArrayList<>();
    for (Pick p : chosen) {
      if (seen.contains(p.sentence())) {
        continue;
      }
      seen.add(p.sentence());
      words((seen.size() > 1 ? " " : "") + p.sentence() + " [" + p.n() + "]", tokens);
    }
  }

  /** Streams text word by word (each piece keeps its leading space), like a model would. */
  static void words(String text, Consumer<String> tokens) {
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ')) {
        tokens.accept(text.substring(start, i));
        start = i;
      }
    }
  }
}
