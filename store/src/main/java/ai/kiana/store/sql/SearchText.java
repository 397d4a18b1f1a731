package ai.kiana.store.sql;

import java.util.Locale;

/**
 * The form in which titles and contents are stored for the text filter, and the LIKE pattern that
 * finds a needle in it. Lower-casing happens here, in Java, for both sides: SQLite's lower() knows
 * only ASCII and PostgreSQL's depends on the database's locale, while {@code BlockQuery.matches}
 * (which the in-memory store uses) lower-cases with {@link Locale#ROOT}. Same rule, same results.
 */
final class SearchText {

  /** The escape character of {@link #containsPattern}; also escapes itself. */
  static final char ESCAPE = '!';

  private SearchText() {}

  /**
   * Lower-cased, and with NUL replaced because PostgreSQL cannot store it in TEXT (the block's JSON
   * keeps it, escaped). The needle gets the same replacement, so matching is unchanged.
   */
  static String of(String text) {
    return text.toLowerCase(Locale.ROOT).replace('\0', '\uFFFD');
  }

  /** A LIKE pattern (with {@code ESCAPE '!'}) that matches any text containing {@code needle}. */
  static String containsPattern(String needle) {
    String lowered = of(needle);
    StringBuilder p = new StringBuilder(lowered.length() + 8).append('%');
    for (int i = 0; i < lowered.length(); i++) {
      char c = lowered.charAt(i);
      if (c == '%' || c == '_' || c == ESCAPE) {
        p.append(ESCAPE);
      }
      p.append(c);
    }
    return p.append('%').toString();
  }
}
