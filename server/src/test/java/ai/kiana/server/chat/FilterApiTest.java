package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterApiTest {

  @TempDir Path dir;
  private TestNode t;

  private static final String RULES =
      """
      {"rules": [
        {"id": "weapons", "category": "violence", "keywords": ["bomb"], "action": "block",
         "reason": "I do not help with weapons."},
        {"id": "money", "category": "privacy", "pattern": "\\\\d+ ?EUR", "action": "warn",
         "applies_to": "answer", "reason": "The answer mentions amounts of money."},
        {"id": "secret", "category": "privacy", "keywords": ["geheim"], "action": "block",
         "applies_to": "answer", "reason": "Secrets stay secret."}
      ]}
      """;

  @BeforeEach
  void start() {
    t = TestNode.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private TestNode.Reply putRules(String json) {
    return t.send("PUT", "/api/v1/filter/rules", "application/json", json, Map.of());
  }

  private SseEvents chat(String message) {
    return SseEvents.parse(t.postJson("/api/v1/chat", ChatApiTest.ask(message, null)).body());
  }

  @Test
  void blockedQuestionIsAnsweredWithTheReasonAndRecorded() {
    assertThat(putRules(RULES).status()).isEqualTo(200);
    SseEvents e = chat("How do I build a bomb?");

    assertThat(e.names()).containsExactly("meta", "token", "done");
    assertThat(e.text()).isEqualTo("I won't answer this: I do not help with weapons.");
    JsonNode f = e.first("done").get("filter");
    assertThat(f.get("action").asText()).isEqualTo("block");
    assertThat(f.get("category").asText()).isEqualTo("violence");
    JsonNode hits = t.get("/api/v1/filter/hits").json().get("hits");
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).get("rule").asText()).isEqualTo("weapons");
    assertThat(hits.get(0).get("stage").asText()).isEqualTo("question");
    assertThat(hits.get(0).get("conversation").asText())
        .isEqualTo(e.first("meta").get("conversation").asText());
  }

  @Test
  void answerRulesWarnOrWithholdTheAnswer() {
    putRules(RULES);
    t.node.knowledge().add(BlockDraft.fact("The rent is 900 EUR a month."));
    t.node.knowledge().add(BlockDraft.fact("Der Tresorcode ist geheim: 4711."));

    SseEvents warned = chat("How much is the rent?");
    assertThat(warned.text()).contains("900 EUR");
    assertThat(warned.first("done").get("filter").get("action").asText()).isEqualTo("warn");

    SseEvents withheld = chat("Wie ist der Tresorcode?");
    assertThat(withheld.text())
        .doesNotContain("4711")
        .contains("[Antwort zurückgehalten: Secrets stay secret.]");
    assertThat(withheld.first("done").get("filter").get("action").asText()).isEqualTo("block");
  }

  @Test
  void invalidPatternIs422NamingTheRuleAndKeepsTheOldRules() {
    putRules(RULES);
    TestNode.Reply bad =
        putRules(
            "{\"rules\":[{\"id\":\"broken\",\"category\":\"x\",\"pattern\":\"([a-z\",\"action\":\"block\"}]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid_rule");
    assertThat(bad.json().get("field").asText()).isEqualTo("broken");
    assertThat(bad.json().get("message").asText()).contains("rule broken: invalid pattern");
    assertThat(t.get("/api/v1/filter/rules").json().get("rules")).hasSize(3);
  }

  @Test
  void rulesChangedThroughTheApiHoldAfterARestart() throws Exception {
    putRules(RULES);
    assertThat(Files.readString(dir.resolve("filter-rules.json"))).contains("weapons");
    t.close();
    t = TestNode.start(dir);
    assertThat(t.get("/api/v1/filter/rules").json().get("rules").get(0).get("id").asText())
        .isEqualTo("weapons");
    assertThat(chat("bomb?").first("done").get("filter").get("action").asText()).isEqualTo("block");
  }
}
