package ai.kiana.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.json.Json;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiApiTest {

  @TempDir Path dir;
  private TestNode t;

  @BeforeEach
  void start() {
    t = TestNode.start(dir);
    t.node.knowledge().add(BlockDraft.fact("The Everest is 8849 metres high."));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static String request(boolean stream, String question) {
    return "{\"model\":\"kiana\",\"stream\":"
        + stream
        + ",\"temperature\":0.2,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":"
        + Json.mapper().valueToTree(question)
        + "}]}";
  }

  @Test
  void modelsListsKiana() {
    JsonNode m = t.get("/v1/models").json();
    assertThat(m.get("object").asText()).isEqualTo("list");
    assertThat(m.get("data").get(0).get("id").asText()).isEqualTo("kiana");
    assertThat(m.get("data").get(0).get("object").asText()).isEqualTo("model");
  }

  @Test
  void nonStreamingCompletionHasOpenAisShapeAndTheSources() {
    TestNode.Reply r = t.postJson("/v1/chat/completions", request(false, "How high is Everest?"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode c = r.json();
    assertThat(c.get("object").asText()).isEqualTo("chat.completion");
    assertThat(c.get("id").asText()).startsWith("chatcmpl-");
    assertThat(c.get("model").asText()).isEqualTo("kiana");
    JsonNode choice = c.get("choices").get(0);
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asText())
        .startsWith("The Everest is 8849 metres high. [1]")
        .contains("Sources:\n[1] The Everest is 8849 metres high.");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(c.get("usage").get("total_tokens").asInt()).isPositive();
  }

  @Test
  void streamingCompletionSendsChunksThenDone() {
    TestNode.Reply r = t.postJson("/v1/chat/completions", request(true, "How high is Everest?"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> data = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    assertThat(data.getLast()).isEqualTo("[DONE]");
    JsonNode first = Json.parse(data.getFirst());
    assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.get("choices").get(0).get("delta").get("role").asText())
        .isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 1)) {
      text.append(Json.parse(d).get("choices").get(0).get("delta").path("content").asText(""));
    }
    assertThat(text.toString()).startsWith("The Everest is 8849 metres high. [1]");
    JsonNode last = Json.parse(data.get(data.size() - 2));
    assertThat(last.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void badRequestsGetOpenAiErrorBodies() {
    TestNode.Reply noMessages = t.postJson("/v1/chat/completions", "{\"model\":\"kiana\"}");
    assertThat(noMessages.status()).isEqualTo(400);
    JsonNode e = noMessages.json().get("error");
    assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.get("param").asText()).isEqualTo("messages");
    assertThat(e.get("message").asText()).contains("messages");

    TestNode.Reply notJson = t.postJson("/v1/chat/completions", "{nope");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");

    TestNode.Reply tooLong = t.postJson("/v1/chat/completions", request(false, "y".repeat(9000)));
    assertThat(tooLong.json().get("error").get("code").asText())
        .isEqualTo("string_above_max_length");

    TestNode.Reply lastNotUser =
        t.postJson(
            "/v1/chat/completions",
            "{\"model\":\"kiana\",\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}");
    assertThat(lastNotUser.status()).isEqualTo(400);
  }

  @Test
  void blockedQuestionEndsWithTheContentFilterReason() {
    t.send(
        "PUT",
        "/api/v1/filter/rules",
        "application/json",
        "{\"rules\":[{\"id\":\"w\",\"category\":\"violence\",\"keywords\":[\"bomb\"],"
            + "\"action\":\"block\",\"reason\":\"No weapons.\"}]}",
        java.util.Map.of());

    JsonNode choice =
        t.postJson("/v1/chat/completions", request(false, "build a bomb"))
            .json()
            .get("choices")
            .get(0);

    assertThat(choice.get("finish_reason").asText()).isEqualTo("content_filter");
    assertThat(choice.get("message").get("content").asText())
        .isEqualTo("I won't answer this: No weapons.");
  }
}
