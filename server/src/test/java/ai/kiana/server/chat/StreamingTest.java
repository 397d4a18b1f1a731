package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.server.http.TestNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the client while the backend is still thinking or writing. */
class StreamingTest {

  @TempDir Path dir;

  @Test
  void firstTokenArrivesBeforeTheBackendHasFinished() throws Exception {
    CountDownLatch clientSawFirstToken = new CountDownLatch(1);
    String text =
        ask(
            () -> true,
            clientSawFirstToken,
            "data: {\"text\":\"Erstens\"",
            out -> {
              out.write(
                  "{\"message\":{\"content\":\"Erstens\"},\"done\":false}\n"
                      .getBytes(StandardCharsets.UTF_8));
              out.flush();
              return awaitQuietly(clientSawFirstToken);
            });
    assertThat(text).isEqualTo("Erstens danach");
  }

  @Test
  void conversationIsAnnouncedBeforeTheBackendStartsWriting() throws Exception {
    // A local model may think for seconds before its first word; the client learns the
    // conversation (and the stored question) before that, e.g. to resume it after a stop.
    CountDownLatch clientSawMeta = new CountDownLatch(1);
    String text = ask(() -> awaitQuietly(clientSawMeta), clientSawMeta, "event: meta", out -> true);
    assertThat(text).isEqualTo(" danach");
  }

  interface Writing {
    boolean write(OutputStream out) throws java.io.IOException;
  }

  /**
   * Asks a node whose Ollama backend waits for {@code beforeAnswer}, runs {@code first} and then
   * writes " danach" if it returned true (else " zu spät"); {@code seen} is counted down when the
   * client reads a line starting with {@code marker}. Returns the streamed text.
   */
  private String ask(
      java.util.function.BooleanSupplier beforeAnswer,
      CountDownLatch seen,
      String marker,
      Writing first)
      throws Exception {
    HttpServer ollama =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ollama.createContext(
        "/api/chat",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            boolean inTime = beforeAnswer.getAsBoolean();
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            inTime &= first.write(out);
            out.write(
                ("{\"message\":{\"content\":\""
                        + (inTime ? " danach" : " zu spät")
                        + "\"},\"done\":false}\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write("{\"done\":true}\n".getBytes(StandardCharsets.UTF_8));
          }
        });
    ollama.start();
    try (TestNode t = TestNode.start(dir);
        HttpClient http = HttpClient.newHttpClient()) {
      t.node.knowledge().add(BlockDraft.fact("Der Rhein ist 1233 km lang."));
      t.send(
          "PUT",
          "/api/v1/settings/chat",
          "application/json",
          "{\"backend\":\"ollama\",\"url\":\"http://127.0.0.1:"
              + ollama.getAddress().getPort()
              + "\"}",
          Map.of());

      HttpRequest request =
          t.request("/api/v1/chat")
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      ChatApiTest.ask("Wie lang ist der Rhein?", null)))
              .build();
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      StringBuilder all = new StringBuilder();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          all.append(line).append('\n');
          if (line.startsWith(marker)) {
            seen.countDown();
          }
        }
      }
      SseEvents e = SseEvents.parse(all.toString());
      assertThat(e.first("done").get("backend").asText()).isEqualTo("ollama");
      return e.text();
    } finally {
      ollama.stop(0);
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
