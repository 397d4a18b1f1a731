package ai.kiana.store.index;

import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Language-aware text analysis: a block's text goes into the field of its language, analysed with
 * that language's stemmer and stop words (German: light stemming plus umlaut/ß folding; English:
 * Porter). Other or unknown languages use the standard analyser. A question's language is not
 * known, so it is analysed for every field and searched in all of them.
 */
public final class LanguageFields {

  public static final String EN = "text_en";
  public static final String DE = "text_de";
  public static final String OTHER = "text_std";

  private static final Map<String, Analyzer> ANALYZERS =
      Map.of(EN, new EnglishAnalyzer(), DE, new GermanAnalyzer(), OTHER, new StandardAnalyzer());

  private LanguageFields() {}

  /** The field for a block's language tag (de, de-AT → German; en, en-GB → English). */
  public static String fieldFor(String lang) {
    if (lang == null) {
      return OTHER;
    }
    String primary = lang.toLowerCase(Locale.ROOT).split("-", 2)[0];
    return switch (primary) {
      case "de" -> DE;
      case "en" -> EN;
      default -> OTHER;
    };
  }

  public static Analyzer analyzer(String field) {
    return ANALYZERS.get(field);
  }

  public static Iterable<String> fields() {
    return java.util.List.of(EN, DE, OTHER);
  }

  static Analyzer perField() {
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), ANALYZERS);
  }
}
