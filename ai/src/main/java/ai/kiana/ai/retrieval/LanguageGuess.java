package ai.kiana.ai.retrieval;

import java.util.Locale;
import java.util.Set;

/**
 * Tells German from English text by counting their most frequent function words: enough to choose
 * the stemmer for a block that carries no {@code lang}. Returns null when neither is evident.
 */
public final class LanguageGuess {

  private static final Set<String> DE =
      Set.of(
          "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "auf", "den", "von",
          "zu", "sich", "des", "dem", "im", "für", "wird", "auch", "werden", "sind", "oder", "bei",
          "nach", "wie", "über", "wenn", "kann", "man", "ich", "wir", "sie", "es", "zum", "zur");
  private static final Set<String> EN =
      Set.of(
          "the", "and", "is", "of", "to", "in", "a", "that", "it", "for", "on", "with", "as", "are",
          "was", "be", "this", "by", "or", "from", "an", "which", "can", "not", "have", "has",
          "you", "we", "they", "what", "how", "when", "where", "who", "does", "do");

  private LanguageGuess() {}

  /** "de", "en" or null. Looks at the first few thousand characters only. */
  public static String of(String text) {
    String sample = text.length() > 4000 ? text.substring(0, 4000) : text;
    int de = 0;
    int en = 0;
    for (String w : sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (DE.contains(w)) {
        de++;
      }
      if (EN.contains(w)) {
        en++;
      }
    }
    if (de == en) {
      return null;
    }
    return de > en ? "de" : "en";
  }
}
