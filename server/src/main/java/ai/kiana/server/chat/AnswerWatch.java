package ai.kiana.server.chat;

import ai.kiana.ai.filter.FilterAction;
import ai.kiana.ai.filter.FilterHit;
import ai.kiana.ai.filter.FilterStage;
import ai.kiana.ai.filter.PromptFilter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Passes an answer's pieces on while checking the answer so far against the filter's answer rules.
 * A piece that makes a blocking rule match is not passed on: the answer stops there ({@link
 * Withheld}). Warn and log hits are recorded once per rule and the answer goes on.
 */
final class AnswerWatch implements Consumer<String> {

  /** Stops the backend: the answer may not go on. */
  static final class Withheld extends RuntimeException {
    private final FilterHit hit;

    Withheld(FilterHit hit) {
      super(hit.reason(), null, false, false);
      this.hit = hit;
    }

    FilterHit hit() {
      return hit;
    }
  }

  private final PromptFilter filter;
  private final String lang;
  private final String conversation;
  private final Consumer<String> next;
  private final StringBuilder text = new StringBuilder();
  private final boolean active;
  private final Set<String> hitRules = new HashSet<>();
  private FilterHit strongest;

  AnswerWatch(PromptFilter filter, String lang, String conversation, Consumer<String> next) {
    this.filter = filter;
    this.lang = lang;
    this.conversation = conversation;
    this.next = next;
    this.active = filter.rules().stream().anyMatch(r -> r.stages().contains(FilterStage.ANSWER));
  }

  @Override
  public void accept(String piece) {
    if (active) {
      text.append(piece);
      // Only rules not yet hit are checked again, so a hit is recorded once per answer.
      for (FilterHit hit : filter.hits(text, FilterStage.ANSWER, lang, conversation, hitRules)) {
        hitRules.add(hit.rule());
        if (hit.action() == FilterAction.BLOCK) {
          throw new Withheld(hit);
        }
        if (strongest == null || hit.action().compareTo(strongest.action()) > 0) {
          strongest = hit;
        }
      }
    }
    next.accept(piece);
  }

  /** The strongest warn hit on the answer (log hits are not shown), or null. */
  FilterHit strongest() {
    return strongest != null && strongest.action() != FilterAction.LOG ? strongest : null;
  }
}
