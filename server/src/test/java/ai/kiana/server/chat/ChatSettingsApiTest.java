package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.server.http.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatSettingsApiTest {

  @TempDir Path dir;
  private TestNode t;

  @BeforeEach
  void start() {
    t = TestNode.start(dir);
    t.node.knowledge().add(BlockDraft.fact("Der Rhein ist 1233 km lang."));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private TestNode.Reply put(String json) {
    return t.send("PUT", "/api/v1/settings/chat", "application/json", json, Map.of());
  }

  private SseEvents chat(String message) {
    return SseEvents.parse(t.postJson("/api/v1/chat", ChatApiTest.ask(message, null)).body());
  }

  @Test
  void defaultIsTheExtractiveAnswerer() {
    assertThat(t.get("/api/v1/settings/chat").json().get("backend").asText())
        .isEqualTo("extractive");
  }

  @Test
  void switchingToOllamaAnswersThroughItWithTheCitedSourcesAndHistory() throws Exception {
    try (FakeBackend ollama = new FakeBackend(List.of("Er ist", " 1233 km lang [1]."))) {
      TestNode.Reply r =
          put("{\"backend\":\"ollama\",\"model\":\"llama3.2\",\"url\":\"" + ollama.url() + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("url").asText()).isEqualTo(ollama.url());

      SseEvents first = chat("Wie lang ist der Rhein?");
      assertThat(first.text()).isEqualTo("Er ist 1233 km lang [1].");
      assertThat(first.first("done").get("backend").asText()).isEqualTo("ollama");
      assertThat(ollama.bodies.getFirst()).contains("Der Rhein ist 1233 km lang.");

      String id = first.first("meta").get("conversation").asText();
      SseEvents.parse(t.postJson("/api/v1/chat", ChatApiTest.ask("Und die Donau?", id)).body());
      // The earlier turns went to the model as history.
      assertThat(ollama.bodies.get(1))
          .contains("Wie lang ist der Rhein?")
          .contains("Er ist 1233 km lang [1].");
    }
    assertThat(Files.readString(dir.resolve("kiana.properties"))).contains("chat.backend=ollama");
  }

  @Test
  void openAiCompatibleBackendStreamsToo() {
    try (FakeBackend server = new FakeBackend(List.of("Eins", " zwei"))) {
      put("{\"backend\":\"openai\",\"model\":\"qwen\",\"url\":\"" + server.url() + "/v1\"}");
      SseEvents e = chat("Wie lang ist der Rhein?");
      assertThat(e.text()).isEqualTo("Eins zwei");
      assertThat(e.first("done").get("backend").asText()).isEqualTo("openai");
    }
  }

  @Test
  void backendThatIsDownGivesANoteAndTheExtractiveAnswer() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    put("{\"backend\":\"ollama\",\"url\":\"http://127.0.0.1:" + port + "\"}");
    SseEvents e = chat("Wie lang ist der Rhein?");
    assertThat(e.text())
        .contains("Kein Modell verfügbar")
        .contains("Der Rhein ist 1233 km lang. [1]");
    assertThat(e.first("done").get("backend").asText()).isEqualTo("extractive");
  }

  @Test
  void invalidSettingsAreRefusedAndChangeNothing() {
    TestNode.Reply url = put("{\"backend\":\"ollama\",\"url\":\"ftp://x\"}");
    assertThat(url.status()).isEqualTo(400);
    assertThat(url.json().get("field").asText()).isEqualTo("url");
    TestNode.Reply backend = put("{\"backend\":\"gpt5\"}");
    assertThat(backend.status()).isEqualTo(400);
    assertThat(backend.json().get("message").asText()).contains("extractive, ollama, openai");
    assertThat(t.get("/api/v1/settings/chat").json().get("backend").asText())
        .isEqualTo("extractive");
  }
}
