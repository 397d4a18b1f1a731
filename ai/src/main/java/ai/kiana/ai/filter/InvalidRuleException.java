package ai.kiana.ai.filter;

/** A filter rule cannot be used; the message names the rule (its id, or its position) and why. */
public final class InvalidRuleException extends RuntimeException {

  private final String rule;

  public InvalidRuleException(String rule, String problem) {
    super("rule " + rule + ": " + problem, null, false, false);
    this.rule = rule;
  }

  /** The rule's id, or "#n" (1-based position) when it has none. */
  public String rule() {
    return rule;
  }
}
