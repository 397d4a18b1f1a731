package ai.kiana.ai.text;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A guess whether a short text is German or English, from its function words and umlauts. Used to
 * answer in the user's language and to apply language-specific filter rules; English wins ties.
 */
public final class Language {

  private static final Set<String> GERMAN =
      Set.copyOf(
          List.of(
              "der", "die", "das", "und", "ist", "nicht", "ich", "du", "wie", "was", "wer", "wo",
              "wann", "warum", "ein", "eine", "mit", "von", "zu", "auf", "für", "sind", "mein",
              "meine", "weißt", "bitte", "merk", "merke", "dir", "den", "dem", "welche",
              "welcher"));
  private static final Set<String> ENGLISH =
      Set.copyOf(
          List.of(
              "the",
              "and",
              "is",
              "not",
              "i",
              "you",
              "how",
              "what",
              "who",
              "where",
              "when",
              "why",
              "a",
              "an",
              "with",
              "of",
              "to",
              "on",
              "for",
              "are",
              "my",
              "please",
              "remember",
              "that",
              "which",
              "do",
              "does"));

  private Language() {}

  /** "de" or "en". */
  public static String guess(String text) {
    int de = 0;
    int en = 0;
    for (String w : (text == null ? "" : text).toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (GERMAN.contains(w)) {
        de++;
      }
      if (ENGLISH.contains(w)) {
        en++;
      }
      if (w.indexOf('ä') >= 0
          || w.indexOf('ö') >= 0
          || w.indexOf('ü') >= 0
          || w.indexOf('ß') >= 0) {
        de++;
      }
    }
    return de > en ? "de" : "en";
  }
}
