package ai.kiana.ai.filter;

import java.util.Locale;

/** Which text a rule is checked against. */
public enum FilterStage {
  QUESTION,
  ANSWER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
