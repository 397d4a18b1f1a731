package ai.kiana.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.core.json.Json;
import ai.kiana.testkit.TestBlocks;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OllamaBackendTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String NDJSON = "application/x-ndjson";

  @AfterAll
  static void close() {
    HTTP.shutdownNow();
  }

  private static ChatRequest request() {
    Passage p = new Passage(new TestBlocks().fact("Der Rhein ist 1233 km lang."), 1.0, "");
    return new ChatRequest(
        "Wie lang ist der Rhein?",
        List.of(ChatMessage.user("Hallo"), ChatMessage.assistant("Hi")),
        List.of(p),
        "de");
  }

  private static OllamaBackend backend(URI base, long timeoutMs) {
    return new OllamaBackend(HTTP, base, "llama3.2", Duration.ofMillis(timeoutMs));
  }

  private static String line(String content, boolean done) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":"
        + Json.mapper().valueToTree(content)
        + "},\"done\":"
        + done
        + "}\n";
  }

  @Test
  void streamsEveryPieceOfTheNdjsonAnswerInOrder() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/api/chat",
            ex ->
                FakeLlmServer.streamed(
                    ex,
                    NDJSON,
                    List.of(
                        line("Der Rhein", false),
                        line(" ist 1233 km", false),
                        line(" lang [1].", false),
                        "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                            + "\"done\":true,\"done_reason\":\"stop\",\"eval_count\":9}\n")))) {
      List<String> tokens = new ArrayList<>();
      backend(server.base(), 5000).answer(request(), tokens::add);

      // Pieces that arrive together may be handed on as one; the text is the same.
      assertThat(String.join("", tokens)).isEqualTo("Der Rhein ist 1233 km lang [1].");
      JsonNode sent = Json.parse(server.bodies.getFirst());
      assertThat(sent.get("model").asText()).isEqualTo("llama3.2");
      assertThat(sent.get("stream").asBoolean()).isTrue();
      JsonNode messages = sent.get("messages");
      assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
      assertThat(messages.get(0).get("content").asText())
          .contains("[1] Der Rhein ist 1233 km lang.");
      assertThat(messages.get(1).get("content").asText()).isEqualTo("Hallo");
      assertThat(messages.get(3).get("content").asText()).isEqualTo("Wie lang ist der Rhein?");
    }
  }

  @Test
  void unknownModelIsReportedWithOllamasOwnErrorMessage() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/api/chat",
            ex ->
                FakeLlmServer.status(
                    ex,
                    404,
                    "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"))) {
      assertThatThrownBy(() -> backend(server.base(), 5000).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_error"))
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("model \"llama9\" not found");
    }
  }

  @Test
  void errorLineInTheMiddleOfTheStreamStopsTheAnswer() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/api/chat",
            ex ->
                FakeLlmServer.streamed(
                    ex, NDJSON, List.of(line("Der", false), "{\"error\":\"out of memory\"}\n")))) {
      List<String> tokens = new ArrayList<>();
      assertThatThrownBy(() -> backend(server.base(), 5000).answer(request(), tokens::add))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("out of memory");
      assertThat(tokens).containsExactly("Der");
    }
  }

  @Test
  void streamThatEndsWithoutDoneIsADisconnect() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/api/chat", ex -> FakeLlmServer.streamed(ex, NDJSON, List.of(line("Der", false))))) {
      assertThatThrownBy(() -> backend(server.base(), 5000).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_disconnected"));
    }
  }

  @Test
  void droppedConnectionMidStreamIsADisconnect() throws Exception {
    try (FakeLlmServer.Dropping server = new FakeLlmServer.Dropping(NDJSON, line("Der", false))) {
      List<String> tokens = new ArrayList<>();
      assertThatThrownBy(() -> backend(server.base(), 5000).answer(request(), tokens::add))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_disconnected"));
      assertThat(tokens).containsExactly("Der");
    }
  }

  @Test
  void serverThatStallsAfterTheFirstPieceTimesOut() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/api/chat",
            ex -> {
              FakeLlmServer.streamed(ex, NDJSON, List.of(line("Der", false)));
              FakeLlmServer.sleep(3000);
            })) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> backend(server.base(), 300).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_timeout"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void serverThatNeverAnswersTimesOut() {
    try (FakeLlmServer server = new FakeLlmServer("/api/chat", ex -> FakeLlmServer.sleep(3000))) {
      assertThatThrownBy(() -> backend(server.base(), 300).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_timeout"));
    }
  }

  @Test
  void serverThatIsNotRunningIsUnreachable() throws Exception {
    URI closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    assertThatThrownBy(() -> backend(closed, 1000).answer(request(), t -> {}))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_unreachable"))
        .hasMessageContaining(closed.toString());
  }

  @Test
  void abandonedStreamsLeaveNothingRunningThatWouldHoldUpShutdown() throws Exception {
    HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (FakeLlmServer stalling =
            new FakeLlmServer(
                "/api/chat",
                ex -> {
                  FakeLlmServer.streamed(ex, NDJSON, List.of(line("Der", false)));
                  FakeLlmServer.sleep(10_000);
                });
        FakeLlmServer.Dropping dropping = new FakeLlmServer.Dropping(NDJSON, line("Der", false))) {
      OllamaBackend slow = new OllamaBackend(own, stalling.base(), "m", Duration.ofMillis(300));
      OllamaBackend dropped = new OllamaBackend(own, dropping.base(), "m", Duration.ofMillis(2000));
      assertThatThrownBy(() -> slow.answer(request(), t -> {}))
          .isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> dropped.answer(request(), t -> {}))
          .isInstanceOf(BackendException.class);

      // close() waits for every exchange the client still runs; none may be left.
      Thread closing = Thread.ofVirtual().start(own::close);
      closing.join(Duration.ofSeconds(5));
      assertThat(closing.isAlive()).as("HttpClient.close() still waiting").isFalse();
    } finally {
      own.shutdownNow();
    }
  }
}
