package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
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
