package ai.kiana.ai.text;

import java.util.Locale;
import java.util.Set;

/**
 * Tells German from English text by counting their frequent function words, and words with umlauts
 * or ß for German. Words both languages use ("in", "was", "an") count for neither: "Was haben wir
 * in Porto gesehen?" is German. Chooses the stemmer for a block without {@code lang}, the language
 * of the answer and of filter rules, and whether a question is in the embedding model's language.
 */
public final class Language {

  private static final Set<String> GERMAN =
      Set.of(
          "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "auf", "den", "von",
          "zu", "sich", "des", "dem", "im", "für", "wird", "auch", "werden", "sind", "oder", "bei",
          "nach", "wie", "über", "wenn", "kann", "man", "ich", "wir", "sie", "es", "zum", "zur",
          "du", "wer", "wo", "wann", "warum", "welche", "welcher", "welches", "haben", "hat",
          "habe", "uns", "unser", "unsere", "mein", "meine", "dir", "bitte", "merk", "merke");
  private static final Set<String> ENGLISH =
      Set.of(
          "the",
          "and",
          "is",
          "of",
          "to",
          "a",
          "that",
          "it",
          "for",
          "on",
          "with",
          "as",
          "are",
          "be",
          "this",
          "by",
          "or",
          "from",
          "which",
          "can",
          "not",
          "have",
          "has",
          "you",
          "we",
          "they",
          "what",
          "how",
          "when",
          "where",
          "who",
          "why",
          "does",
          "do",
          "did",
          "i",
          "my",
          "our",
          "please",
          "remember");

  private Language() {}

  /** "de" or "en" for a short text; English wins ties. */
  public static String guess(String text) {
    String lang = of(text);
    return lang != null ? lang : "en";
  }

  /** "de", "en" or null when neither is evident. Looks at the first few thousand characters. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    String sample = text.length() > 4000 ? text.substring(0, 4000) : text;
    int de = 0;
    int en = 0;
    for (String w : sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (GERMAN.contains(w)
          || w.indexOf('ä') >= 0
          || w.indexOf('ö') >= 0
          || w.indexOf('ü') >= 0
          || w.indexOf('ß') >= 0) {
        de++;
      }
      if (ENGLISH.contains(w)) {
        en++;
      }
    }
    return de == en ? null : de > en ? "de" : "en";
  }
}
