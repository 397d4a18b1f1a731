package ai.kiana.ai.text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The content words of a text for lexical matching: lower-cased runs of letters and digits, without
 * English and German function words. Deliberately simple and language-tolerant: the store's search
 * and the extractive answerer need "which words of the question does this sentence contain", not
 * linguistics.
 */
public final class Terms {

  /** Shorter words are never content words (and as substrings they match almost anything). */
  public static final int MIN_CHARS = 2;

  /** A shared prefix this long counts as the same word ("runde"/"rund", "capital"/"capitals"). */
  public static final int MIN_STEM_CHARS = 4;

  private static final Set<String> STOPWORDS =
      Set.copyOf(
          List.of(
              // English
              "a",
              "an",
              "and",
              "are",
              "as",
              "at",
              "be",
              "but",
              "by",
              "can",
              "could",
              "did",
              "do",
              "does",
              "for",
              "from",
              "had",
              "has",
              "have",
              "how",
              "i",
              "if",
              "in",
              "into",
              "is",
              "it",
              "its",
              "me",
              "my",
              "of",
              "on",
              "or",
              "our",
              "please",
              "so",
              "tell",
              "than",
              "that",
              "the",
              "their",
              "them",
              "then",
              "there",
              "these",
              "they",
              "this",
              "to",
              "was",
              "we",
              "were",
              "what",
              "when",
              "where",
              "which",
              "who",
              "whom",
              "why",
              "will",
              "with",
              "would",
              "you",
              "your",
              "about",
              "know",
              "much",
              "many",
              // German
              "der",
              "die",
              "das",
              "den",
              "dem",
              "des",
              "ein",
              "eine",
              "einen",
              "einem",
              "einer",
              "eines",
              "und",
              "oder",
              "aber",
              "ist",
              "sind",
              "war",
              "waren",
              "wird",
              "werden",
              "hat",
              "haben",
              "wie",
              "was",
              "wer",
              "wo",
              "wann",
              "warum",
              "welche",
              "welcher",
              "welches",
              "im",
              "in",
              "am",
              "an",
              "auf",
              "aus",
              "bei",
              "mit",
              "nach",
              "von",
              "vom",
              "zu",
              "zum",
              "zur",
              "für",
              "über",
              "ich",
              "du",
              "er",
              "sie",
              "es",
              "wir",
              "ihr",
              "mir",
              "mich",
              "dir",
              "dich",
              "mein",
              "meine",
              "dein",
              "deine",
              "sich",
              "nicht",
              "kein",
              "keine",
              "auch",
              "noch",
              "schon",
              "so",
              "denn",
              "dass",
              "weißt",
              "weiß",
              "bitte",
              "sag",
              "viel",
              "viele"));

  private Terms() {}

  /** The distinct content words of {@code text}, in order of first appearance. */
  public static List<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return List.of();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        String w = lower.substring(start, i);
        if (w.length() >= MIN_CHARS && !STOPWORDS.contains(w)) {
          out.add(w);
        }
        start = -1;
      }
    }
    return List.copyOf(out);
  }

  /**
   * Whether two content words count as the same: equal, or one a long enough prefix of the other.
   */
  public static boolean same(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    String shorter = a.length() <= b.length() ? a : b;
    String longer = shorter == a ? b : a;
    return shorter.length() >= MIN_STEM_CHARS && longer.startsWith(shorter);
  }

  /** How many of {@code wanted} occur (by {@link #same}) among {@code present}. */
  public static int matches(List<String> wanted, List<String> present) {
    int n = 0;
    for (String w : wanted) {
      for (String p : present) {
        if (same(w, p)) {
          n++;
          break;
        }
      }
    }
    return n;
  }
}
