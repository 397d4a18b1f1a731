package ai.kiana.ai.filter;

import java.util.Locale;

/** What a matching rule does, mildest first: only record the hit, warn the user, or refuse. */
public enum FilterAction {
  LOG,
  WARN,
  BLOCK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return null if {@code name} is not an action
   */
  static FilterAction fromWire(String name) {
    for (FilterAction a : values()) {
      if (a.wireName().equals(name)) {
        return a;
      }
    }
    return null;
  }
}
