package ai.kiana.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OpenAiBackendTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String SSE = "text/event-stream";

  @AfterAll
  static void close() {
    HTTP.shutdownNow();
  }

  private static ChatRequest request() {
    return new ChatRequest("What is KI_ana?", List.of(), List.of(), "en");
  }

  private static OpenAiBackend backend(URI base, String key, long timeoutMs) {
    return new OpenAiBackend(HTTP, base, "qwen2.5", key, Duration.ofMillis(timeoutMs));
  }

  static String chunk(String content) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"qwen2.5\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + Json.mapper().valueToTree(content)
        + "},\"finish_reason\":null}]}\n\n";
  }

  static final String ROLE_CHUNK =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":"
          + "\"qwen2.5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},"
          + "\"finish_reason\":null}]}\n\n";
  static final String STOP_CHUNK =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":"
          + "\"qwen2.5\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

  @Test
  void streamsDeltasUntilDoneAndSendsTheApiKey() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/v1/chat/completions",
            ex ->
                FakeLlmServer.streamed(
                    ex,
                    SSE,
                    List.of(
                        ROLE_CHUNK,
                        ": keep-alive comment\n\n",
                        chunk("A personal"),
                        chunk(" AI."),
                        STOP_CHUNK,
                        "data: [DONE]\n\n")))) {
      List<String> tokens = new ArrayList<>();
      backend(URI.create(server.base() + "/v1/"), "sk-local", 5000).answer(request(), tokens::add);

      // Pieces that arrive together may be handed on as one; the text is the same.
      assertThat(String.join("", tokens)).isEqualTo("A personal AI.");
      assertThat(server.authorizations).containsExactly("Bearer sk-local");
      JsonNode sent = Json.parse(server.bodies.getFirst());
      assertThat(sent.get("model").asText()).isEqualTo("qwen2.5");
      assertThat(sent.get("stream").asBoolean()).isTrue();
      assertThat(sent.get("messages").get(0).get("content").asText()).contains("say so plainly");
    }
  }

  @Test
  void errorBodyInOpenAiShapeIsQuoted() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/v1/chat/completions",
            ex ->
                FakeLlmServer.status(
                    ex,
                    401,
                    "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
                        + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"))) {
      assertThatThrownBy(() -> backend(server.base(), null, 5000).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_error"))
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("Incorrect API key provided");
      assertThat(server.authorizations).containsExactly("");
    }
  }

  @Test
  void streamWithoutDoneMarkerIsADisconnect() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/v1/chat/completions",
            ex -> FakeLlmServer.streamed(ex, SSE, List.of(chunk("A"), chunk(" personal"))))) {
      List<String> tokens = new ArrayList<>();
      assertThatThrownBy(() -> backend(server.base(), null, 5000).answer(request(), tokens::add))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_disconnected"));
      assertThat(String.join("", tokens)).isEqualTo("A personal");
    }
  }

  @Test
  void aPieceIsHandedOnAtOnceNotHeldForTheNextLine() {
    CountDownLatch firstSeen = new CountDownLatch(1);
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/v1/chat/completions",
            ex -> {
              FakeLlmServer.streamed(ex, SSE, List.of(chunk("first")));
              try {
                // The second piece is only sent once the first has reached the caller.
                firstSeen.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ex.getResponseBody()
                  .write((chunk(" second") + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
              ex.getResponseBody().close();
            })) {
      List<String> tokens = new ArrayList<>();
      backend(server.base(), null, 10_000)
          .answer(
              request(),
              piece -> {
                tokens.add(piece);
                firstSeen.countDown();
              });
      assertThat(tokens).containsExactly("first", " second");
    }
  }

  @Test
  void droppedConnectionMidStreamIsADisconnect() throws Exception {
    try (FakeLlmServer.Dropping server = new FakeLlmServer.Dropping(SSE, chunk("A"))) {
      assertThatThrownBy(() -> backend(server.base(), null, 5000).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_disconnected"));
    }
  }

  @Test
  void errorEventInsideTheStreamIsReported() {
    try (FakeLlmServer server =
        new FakeLlmServer(
            "/v1/chat/completions",
            ex ->
                FakeLlmServer.streamed(
                    ex,
                    SSE,
                    List.of(
                        chunk("A"),
                        "data: {\"error\":{\"message\":\"context length exceeded\"}}\n\n")))) {
      assertThatThrownBy(() -> backend(server.base(), null, 5000).answer(request(), t -> {}))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("context length exceeded");
    }
  }

  @Test
  void silentServerTimesOutQuickly() {
    try (FakeLlmServer server =
        new FakeLlmServer("/v1/chat/completions", ex -> FakeLlmServer.sleep(3000))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> backend(server.base(), null, 300).answer(request(), t -> {}))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.code()).isEqualTo("backend_timeout"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }
}
