package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.SearchResult;
import ai.kiana.ai.text.Terms;
import java.util.List;

/**
 * Decides whether retrieved passages really cover a question, whatever the retriever's scores mean:
 * a passage covers it when its title and content contain at least {@link #DEFAULT_MIN_FRACTION} of
 * the question's content words (at least one). A question whose words are all function words is
 * covered by nothing. When no passage covers the question, KI_ana declines instead of guessing.
 *
 * <p>Why 0.6: with two content words both must match ("capital of Germany" must not be answered
 * from "Paris is the capital of France"); with three or four, all but one; with five, three.
 */
public final class Coverage {

  public static final double DEFAULT_MIN_FRACTION = 0.6;

  private Coverage() {}

  /** Passages cited when the retriever judged the question covered but none reaches the share. */
  static final int DEFAULT_CITED_WHEN_JUDGED = 3;

  /**
   * The passages an answer cites. A retriever that judges coverage itself ({@link
   * SearchResult#judged()}, the hybrid one: cosine plus IDF-weighted words, learned on the
   * evaluation corpus) decides whether the question is covered; its covering passages are cited, or
   * if none holds {@value #DEFAULT_MIN_FRACTION} of the question's words (a paraphrase), its best
   * {@value #DEFAULT_CITED_WHEN_JUDGED} passages that share a content word with it. Without such a
   * judgement the word share alone decides.
   */
  public static List<Passage> cited(String question, SearchResult found) {
    if (found.declined()) {
      return List.of();
    }
    List<Passage> covering = covering(question, found.passages());
    if (!covering.isEmpty() || !found.judged()) {
      return covering;
    }
    List<String> terms = Terms.of(question);
    return found.passages().stream()
        .filter(
            p -> Terms.matches(terms, Terms.of(p.block().title() + "\n" + p.block().content())) > 0)
        .limit(DEFAULT_CITED_WHEN_JUDGED)
        .toList();
  }

  /** The passages that cover the question, in the given order. */
  public static List<Passage> covering(String question, List<Passage> passages) {
    List<String> terms = Terms.of(question);
    if (terms.isEmpty()) {
      return List.of();
    }
    int needed = Math.max(1, (int) Math.ceil(DEFAULT_MIN_FRACTION * terms.size() - 1e-9));
    return passages.stream()
        .filter(
            p ->
                Terms.matches(terms, Terms.of(p.block().title() + "\n" + p.block().content()))
                    >= needed)
        .toList();
  }
}
