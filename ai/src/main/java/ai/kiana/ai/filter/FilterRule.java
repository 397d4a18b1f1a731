package ai.kiana.ai.filter;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * One rule of the prompt/ethics filter: text matching {@code pattern} (a Java regular expression)
 * or containing one of {@code keywords} (whole words, case-insensitive) triggers {@code action}.
 * {@code language} ("de", "en", or null for any) limits the rule to questions in that language;
 * {@code stages} says whether it checks questions, answers or both; {@code reason} is what a user
 * is told when it blocks or warns.
 */
public record FilterRule(
    String id,
    String category,
    String pattern,
    List<String> keywords,
    FilterAction action,
    String language,
    Set<FilterStage> stages,
    String reason,
    Pattern compiled) {

  static final int MAX_PATTERN_CHARS = 2000;

  /** The longest one rule may take on one text before it counts as not matching (and is logged). */
  static final long DEFAULT_MATCH_NANOS = 50_000_000;

  static final int MAX_KEYWORDS = 500;

  /**
   * Validates and compiles a rule.
   *
   * @throws InvalidRuleException naming the rule
   */
  public static FilterRule of(
      String id,
      String category,
      String pattern,
      List<String> keywords,
      FilterAction action,
      String language,
      Set<FilterStage> stages,
      String reason) {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new InvalidRuleException(
          String.valueOf(id), "id must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (category == null || category.isBlank() || category.length() > 64) {
      throw new InvalidRuleException(id, "category must be 1 to 64 characters");
    }
    boolean hasPattern = pattern != null && !pattern.isEmpty();
    boolean hasKeywords = keywords != null && !keywords.isEmpty();
    if (hasPattern == hasKeywords) {
      throw new InvalidRuleException(
          id, "give either a pattern or a keyword list, not both or none");
    }
    if (action == null) {
      throw new InvalidRuleException(id, "action must be block, warn or log");
    }
    if (language != null && !language.matches("[a-z]{2,3}")) {
      throw new InvalidRuleException(id, "language must be a code such as de or en, or absent");
    }
    if (stages == null || stages.isEmpty()) {
      throw new InvalidRuleException(id, "applies_to must be question, answer or both");
    }
    Pattern compiled;
    if (hasPattern) {
      if (pattern.length() > MAX_PATTERN_CHARS) {
        throw new InvalidRuleException(
            id, "pattern longer than " + MAX_PATTERN_CHARS + " characters");
      }
      try {
        compiled = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      } catch (PatternSyntaxException e) {
        throw new InvalidRuleException(
            id, "invalid pattern: " + e.getDescription() + " near index " + e.getIndex());
      }
    } else {
      if (keywords.size() > MAX_KEYWORDS
          || keywords.stream().anyMatch(k -> k == null || k.isBlank() || k.length() > 200)) {
        throw new InvalidRuleException(
            id,
            "keywords must be 1 to " + MAX_KEYWORDS + " non-empty words of at most 200 characters");
      }
      compiled =
          Pattern.compile(
              keywords.stream()
                  .map(k -> "(?<![\\p{L}\\p{N}])" + Pattern.quote(k.strip()) + "(?![\\p{L}\\p{N}])")
                  .collect(Collectors.joining("|")),
              Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
    return new FilterRule(
        id,
        category.strip(),
        hasPattern ? pattern : null,
        hasKeywords ? List.copyOf(keywords) : List.of(),
        action,
        language,
        Set.copyOf(stages),
        reason == null || reason.isBlank() ? "it matches the filter rule '" + id + "'" : reason,
        compiled);
  }

  /**
   * The matched text, or null if the rule does not apply or does not match.
   *
   * @throws DeadlineText.TooSlow if matching takes longer than {@link #DEFAULT_MATCH_NANOS}
   */
  String match(CharSequence text, FilterStage stage, String lang) {
    if (!stages.contains(stage) || (language != null && !language.equals(lang))) {
      return null;
    }
    var m = compiled.matcher(new DeadlineText(text, System.nanoTime() + DEFAULT_MATCH_NANOS));
    return m.find() ? m.group() : null;
  }
}
