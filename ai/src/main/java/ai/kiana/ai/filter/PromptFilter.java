package ai.kiana.ai.filter;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt/ethics filter: the rules of {@code <data-dir>/filter-rules.json}, checked against
 * questions and answers. Every hit is recorded in the {@link FilterHitLog}. Rules can be replaced
 * at run time ({@link #replaceRules}): the new list is validated as a whole, written to the file,
 * then used; a bad list changes nothing.
 */
public final class PromptFilter {

  private static final Logger LOG = LoggerFactory.getLogger(PromptFilter.class);
  public static final String RULES_FILE = "filter-rules.json";

  private final Path rulesFile;
  private final FilterHitLog hits;
  private final Clock clock;
  private volatile List<FilterRule> rules;

  private PromptFilter(Path rulesFile, FilterHitLog hits, Clock clock, List<FilterRule> rules) {
    this.rulesFile = rulesFile;
    this.hits = hits;
    this.clock = clock;
    this.rules = rules;
  }

  /**
   * Loads the rules of a data directory (none if the file does not exist yet).
   *
   * @throws InvalidRuleException if the file holds a bad rule, naming it
   */
  public static PromptFilter open(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(RULES_FILE);
    List<FilterRule> rules = List.of();
    if (Files.isRegularFile(file)) {
      try {
        rules = FilterRules.parse(Json.parse(Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (JsonFormatException e) {
        throw new InvalidRuleException("file", file + " is not JSON: " + e.getMessage());
      }
    }
    return new PromptFilter(
        file, new FilterHitLog(dataDir.resolve(FilterHitLog.FILE)), clock, rules);
  }

  public List<FilterRule> rules() {
    return rules;
  }

  /** Validated already (built by {@link FilterRules#parse}); stored atomically, then in force. */
  public synchronized void replaceRules(List<FilterRule> newRules) {
    byte[] json = FilterRules.toJson(newRules).toPrettyString().getBytes(StandardCharsets.UTF_8);
    Path tmp = rulesFile.resolveSibling(RULES_FILE + ".tmp");
    try {
      Files.write(tmp, json);
      try {
        Files.move(
            tmp, rulesFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, rulesFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + rulesFile + ": " + e.getMessage(), e);
    }
    this.rules = List.copyOf(newRules);
  }

  /**
   * Checks {@code text}, records every hit, and returns the strictest one (block before warn before
   * log), if any.
   */
  public Optional<FilterHit> check(
      String text, FilterStage stage, String lang, String conversation) {
    return hits(text, stage, lang, conversation, Set.of()).stream()
        .max(Comparator.comparing(FilterHit::action));
  }

  /** Checks {@code text} against the rules not named in {@code skip}; records and returns hits. */
  public List<FilterHit> hits(
      CharSequence text, FilterStage stage, String lang, String conversation, Set<String> skip) {
    List<FilterHit> found = new ArrayList<>();
    for (FilterRule r : rules) {
      if (skip.contains(r.id())) {
        continue;
      }
      String matched;
      try {
        matched = r.match(text, stage, lang);
      } catch (DeadlineText.TooSlow e) {
        LOG.warn(
            "filter rule {} took too long on a {} and was skipped; simplify its pattern",
            r.id(),
            stage.wireName());
        continue;
      }
      if (matched != null) {
        found.add(
            new FilterHit(
                clock.instant(),
                r.id(),
                r.category(),
                r.action(),
                stage,
                r.reason(),
                matched.length() > 80 ? matched.substring(0, 80) + "…" : matched,
                conversation));
      }
    }
    found.forEach(hits::record);
    return found;
  }

  public FilterHitLog hits() {
    return hits;
  }
}
