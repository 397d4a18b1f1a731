package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryApiTest {

  @TempDir Path dir;
  private TestNode t;

  @BeforeEach
  void start() {
    t = TestNode.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private SseEvents chat(String message) {
    return SseEvents.parse(t.postJson("/api/v1/chat", ChatApiTest.ask(message, null)).body());
  }

  @Test
  void rememberThatInChatStoresAMemoryThatLaterAnswersCite() {
    SseEvents stored = chat("Remember that my bike is blue");
    assertThat(stored.text()).isEqualTo("Got it, I will remember: My bike is blue [1]");
    JsonNode memories = t.get("/api/v1/memories").json().get("memories");
    assertThat(memories).hasSize(1);
    assertThat(memories.get(0).get("text").asText()).isEqualTo("My bike is blue");
    assertThat(stored.first("citations").get("citations").get(0).get("id").asText())
        .isEqualTo(memories.get(0).get("id").asText());

    SseEvents answer = chat("Is my bike blue?");
    assertThat(answer.text()).isEqualTo("My bike is blue [1]");
    assertThat(answer.first("citations").get("citations").get(0).get("id").asText())
        .isEqualTo(memories.get(0).get("id").asText());
  }

  @Test
  void germanRememberIsUnderstoodToo() {
    assertThat(chat("Merk dir, dass der Schlüssel unter der Matte liegt").text())
        .isEqualTo("Gemerkt: Der Schlüssel unter der Matte liegt [1]");
  }

  @Test
  void editSupersedesAndDeleteRetracts() {
    TestNode.Reply added = t.postJson("/api/v1/memories", "{\"text\":\"I like tea\"}");
    assertThat(added.status()).isEqualTo(201);
    String id = added.json().get("id").asText();

    TestNode.Reply edited =
        t.send(
            "PUT",
            "/api/v1/memories/" + id,
            "application/json",
            "{\"text\":\"I like green tea\"}",
            java.util.Map.of());
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().get("supersedes").get(0).asText()).isEqualTo(id);
    String newId = edited.json().get("id").asText();

    JsonNode list = t.get("/api/v1/memories").json().get("memories");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("text").asText()).isEqualTo("I like green tea");

    // The old version cannot be edited again: it is superseded.
    assertThat(
            t.send(
                    "PUT",
                    "/api/v1/memories/" + id,
                    "application/json",
                    "{\"text\":\"x\"}",
                    java.util.Map.of())
                .status())
        .isEqualTo(409);

    assertThat(t.delete("/api/v1/memories/" + newId).status()).isEqualTo(204);
    assertThat(t.get("/api/v1/memories").json().get("memories")).isEmpty();
    assertThat(t.delete("/api/v1/memories/" + newId).status()).isEqualTo(409);
  }

  @Test
  void emptyMemoryAndUnknownIdAreRefused() {
    assertThat(t.postJson("/api/v1/memories", "{\"text\":\"\"}").status()).isEqualTo(400);
    assertThat(t.delete("/api/v1/memories/" + "b".repeat(64)).status()).isEqualTo(404);
    assertThat(t.delete("/api/v1/memories/xyz").status()).isEqualTo(400);
  }
}
