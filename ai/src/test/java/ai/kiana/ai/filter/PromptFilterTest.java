package ai.kiana.ai.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.json.Json;
import ai.kiana.testkit.FakeClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFilterTest {

  @TempDir Path dir;

  private static final String RULES =
      """
      {"rules": [
        {"id": "weapons", "category": "violence", "keywords": ["bomb", "Sprengstoff"],
         "action": "block", "reason": "I do not help with weapons."},
        {"id": "pin", "category": "privacy", "pattern": "\\\\b\\\\d{4}\\\\b PIN",
         "action": "warn", "applies_to": "answer"},
        {"id": "de-only", "category": "tone", "keywords": ["doof"], "action": "log",
         "language": "de"}
      ]}
      """;

  private PromptFilter filter() {
    PromptFilter f = PromptFilter.open(dir, new FakeClock());
    f.replaceRules(FilterRules.parse(Json.parse(RULES)));
    return f;
  }

  @Test
  void keywordBlocksAsAWholeWordCaseInsensitively() {
    PromptFilter f = filter();
    var hit = f.check("How do I build a BOMB?", FilterStage.QUESTION, "en", "c1");
    assertThat(hit)
        .hasValueSatisfying(
            h -> {
              assertThat(h.action()).isEqualTo(FilterAction.BLOCK);
              assertThat(h.reason()).isEqualTo("I do not help with weapons.");
              assertThat(h.excerpt()).isEqualTo("BOMB");
            });
    assertThat(f.check("The bombastic finale", FilterStage.QUESTION, "en", null)).isEmpty();
  }

  @Test
  void ruleForAnswersDoesNotCheckQuestions() {
    PromptFilter f = filter();
    assertThat(f.check("is 1234 PIN ok", FilterStage.QUESTION, "en", null)).isEmpty();
    assertThat(f.check("is 1234 PIN ok", FilterStage.ANSWER, "en", null))
        .hasValueSatisfying(h -> assertThat(h.action()).isEqualTo(FilterAction.WARN));
  }

  @Test
  void languageRuleAppliesOnlyToItsLanguage() {
    PromptFilter f = filter();
    assertThat(f.check("das ist doof", FilterStage.QUESTION, "de", null)).isPresent();
    assertThat(f.check("doof", FilterStage.QUESTION, "en", null)).isEmpty();
  }

  @Test
  void everyHitIsRecordedAndSurvivesAReopen() {
    PromptFilter f = filter();
    f.check("bomb", FilterStage.QUESTION, "en", "c1");
    f.check("Sprengstoff ist doof", FilterStage.QUESTION, "de", "c2");

    PromptFilter reopened = PromptFilter.open(dir, new FakeClock());
    assertThat(reopened.rules())
        .extracting(FilterRule::id)
        .containsExactly("weapons", "pin", "de-only");
    assertThat(reopened.hits().newest(10))
        .extracting(FilterHit::rule)
        .containsExactly("de-only", "weapons", "weapons");
  }

  @Test
  void invalidPatternIsRefusedNamingTheRuleAndChangesNothing() {
    PromptFilter f = filter();
    String bad =
        """
        {"rules": [{"id": "ok", "category": "c", "keywords": ["x"], "action": "log"},
                   {"id": "broken", "category": "c", "pattern": "(unclosed", "action": "block"}]}
        """;
    assertThatThrownBy(() -> FilterRules.parse(Json.parse(bad)))
        .isInstanceOfSatisfying(
            InvalidRuleException.class, e -> assertThat(e.rule()).isEqualTo("broken"))
        .hasMessageContaining("rule broken: invalid pattern");
    assertThat(f.rules()).hasSize(3);
  }

  @Test
  void ruleWithBothPatternAndKeywordsOrAnUnknownActionIsRefused() {
    assertThatThrownBy(
            () ->
                FilterRules.parse(
                    Json.parse(
                        "{\"rules\":[{\"id\":\"a\",\"category\":\"c\",\"pattern\":\"x\","
                            + "\"keywords\":[\"y\"],\"action\":\"log\"}]}")))
        .hasMessageContaining("rule a: give either a pattern or a keyword list");
    assertThatThrownBy(
            () ->
                FilterRules.parse(
                    Json.parse(
                        "{\"rules\":[{\"category\":\"c\",\"pattern\":\"x\",\"action\":\"nuke\"}]}")))
        .hasMessageContaining("rule null");
  }

  @Test
  void rulesReadBackFromTheirJsonWriteTheSameJson() {
    List<FilterRule> rules = FilterRules.parse(Json.parse(RULES));
    assertThat(rules).hasSize(3);
    assertThat(FilterRules.toJson(FilterRules.parse(FilterRules.toJson(rules))))
        .isEqualTo(FilterRules.toJson(rules));
  }

  @Test
  void catastrophicPatternIsStoppedAndDoesNotHangTheFilter() {
    PromptFilter f = PromptFilter.open(dir, new FakeClock());
    f.replaceRules(
        FilterRules.parse(
            Json.parse(
                "{\"rules\":[{\"id\":\"slow\",\"category\":\"c\",\"pattern\":\"(a+)+$\",\"action\":\"block\"},"
                    + "{\"id\":\"fast\",\"category\":\"c\",\"keywords\":[\"b\"],\"action\":\"log\"}]}")));

    var hits = f.hits("a".repeat(40) + "! b", FilterStage.QUESTION, "en", null, java.util.Set.of());

    assertThat(hits).extracting(FilterHit::rule).containsExactly("fast");
  }
}
