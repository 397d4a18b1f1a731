package ai.kiana.ai.retrieval;

import ai.kiana.ai.text.Language;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The details a question pins its answer to: codes (anything with a digit: a year, "E15", "FF-80",
 * "Q1", "7.3") and, in an English question, names (words with a capital letter that do not start a
 * sentence: "Seville", "Manchester", "iPad"). A passage that lacks such a detail answers a
 * neighbouring question (another year, another model, another city), however close its words and
 * vector are. German capitalises every noun, so names are only taken from English questions.
 */
final class Specifics {

  /** Capitalised words that are not names ("Is it OK", "I"). */
  private static final Set<String> NOT_NAMES = Set.of("i", "ok");

  /** A word, possibly joined by "-", "/", "." or ":" ("FF-80", "7.3", "1:1"). */
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[-/.:][\\p{L}\\p{N}]+)*");

  private static final Pattern SEGMENT = Pattern.compile("(?<=[-/.:])|(?=[-/.:])");
  private static final Pattern DIGIT = Pattern.compile("\\p{N}");
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s*$");
  private static final Pattern POSSESSIVE = Pattern.compile("['’]s$");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern GERMAN_LETTERS = Pattern.compile("[äöüßÄÖÜ]");

  /** A name found as the start of a longer word ("Maya" in "Maya's") needs this many letters. */
  static final int MIN_PREFIX_CHARS = 4;

  private Specifics() {}

  /** Codes of any question and names of an English one, lower-cased, in order. */
  static List<String> of(String question) {
    List<String> out = new ArrayList<>(codes(question));
    if (english(question)) {
      out.addAll(names(question));
    }
    return out;
  }

  /**
   * Tokens with a digit, cut after their last part with a digit ("10-fach-Fahrradkette" is pinned
   * by "10", "FF-80" by all of it). Compatibility-normalised so "CO₂" is "co2".
   */
  static List<String> codes(String question) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(normalize(question));
    while (m.find()) {
      String[] parts = SEGMENT.split(m.group());
      int last = -1;
      for (int i = 0; i < parts.length; i++) {
        if (DIGIT.matcher(parts[i]).find()) {
          last = i;
        }
      }
      if (last >= 0) {
        out.add(String.join("", List.of(parts).subList(0, last + 1)));
      }
    }
    return out;
  }

  /** Words with a capital letter that do not open a sentence, without a possessive "'s". */
  static List<String> names(String question) {
    List<String> out = new ArrayList<>();
    int words = 0;
    Matcher m = WORD.matcher(question);
    while (m.find()) {
      String w = m.group();
      String before = question.substring(0, m.start());
      if (before.isBlank() || SENTENCE_END.matcher(before).find()) {
        continue;
      }
      words++;
      if (w.equals(lower(w))) {
        continue;
      }
      String name = POSSESSIVE.matcher(lower(w)).replaceAll("");
      if (!NOT_NAMES.contains(name) && !DIGIT.matcher(name).find()) {
        out.add(name);
      }
    }
    // In a question typed in capitals or Title Case, capitals do not mark names.
    return out.size() * 2 > words ? List.of() : out;
  }

  /**
   * The specifics lacking from the one of {@code texts} that holds most of them: empty when one
   * text holds them all. They must be held together: a passage with "February" and another with
   * "2026" do not tell what happens in February 2026.
   */
  static List<String> missing(List<String> specifics, List<String> texts) {
    if (specifics.isEmpty()) {
      return List.of();
    }
    List<String> fewest = specifics;
    for (String text : texts) {
      String normalized = normalize(text);
      List<String> lacking = new ArrayList<>();
      for (String s : specifics) {
        boolean found = DIGIT.matcher(s).find() ? hasCode(s, normalized) : hasName(s, normalized);
        if (!found) {
          lacking.add(s);
        }
      }
      if (lacking.size() < fewest.size()) {
        fewest = lacking;
      }
      if (fewest.isEmpty()) {
        break;
      }
    }
    return List.copyOf(fewest);
  }

  /** The code as a whole token: "E15" is not found in "E150", "2021" not in "20211". */
  static boolean hasCode(String code, String normalizedText) {
    int from = 0;
    for (int at; (at = normalizedText.indexOf(code, from)) >= 0; from = at + 1) {
      int end = at + code.length();
      boolean startOk = at == 0 || !Character.isLetterOrDigit(normalizedText.charAt(at - 1));
      boolean endOk =
          end == normalizedText.length() || !Character.isDigit(normalizedText.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every part of the name is a word of the text, or the start of one ("Aldbury" in "Aldbury's"),
   * or a word of the text is its start minus an ending of one or two letters ("EpiPen" for
   * "EpiPens"). Searched in the text itself, not in a set of its words: this runs on every question
   * and must stay in microseconds.
   */
  static boolean hasName(String name, String normalizedText) {
    for (String part : NON_WORD.split(name)) {
      if (part.isEmpty()) {
        continue;
      }
      boolean found = startsWord(normalizedText, part, part.length() >= MIN_PREFIX_CHARS);
      for (int cut = 1; cut <= 2 && !found && part.length() - cut >= MIN_PREFIX_CHARS; cut++) {
        found = startsWord(normalizedText, part.substring(0, part.length() - cut), false);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code w} starts a word of the text and, unless {@code prefix}, also ends it. */
  private static boolean startsWord(String text, String w, boolean prefix) {
    int from = 0;
    for (int at; (at = text.indexOf(w, from)) >= 0; from = at + 1) {
      int end = at + w.length();
      boolean startOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
      boolean endOk =
          prefix || end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  /** Guessed English and without German letters (the guess on a short question can be wrong). */
  static boolean english(String question) {
    return "en".equals(Language.of(question)) && !GERMAN_LETTERS.matcher(question).find();
  }

  private static String normalize(String s) {
    // Most text is already in NFKC; the quick check is far cheaper than normalising.
    return lower(
        Normalizer.isNormalized(s, Normalizer.Form.NFKC)
            ? s
            : Normalizer.normalize(s, Normalizer.Form.NFKC));
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
