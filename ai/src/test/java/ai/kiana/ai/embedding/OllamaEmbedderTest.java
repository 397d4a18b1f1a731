package ai.kiana.ai.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a loopback server speaking Ollama's /api/embed wire format. */
class OllamaEmbedderTest {

  HttpServer server;
  final List<JsonNode> requests = new ArrayList<>();

  URI serve(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/embed",
        ex -> {
          requests.add(Json.parse(ex.getRequestBody().readAllBytes()));
          byte[] out = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void sendsTheBatchAndReturnsUnitVectorsInOrder() throws IOException {
    URI url = serve(200, "{\"model\":\"m\",\"embeddings\":[[3,4],[0,2]]}");
    OllamaEmbedder e = new OllamaEmbedder(url, "nomic-embed-text", Duration.ofSeconds(5));
    List<float[]> v = e.embedAll(List.of("first", "second"));
    assertThat(v.get(0)).containsExactly(0.6f, 0.8f);
    assertThat(v.get(1)).containsExactly(0f, 1f);
    assertThat(e.dimension()).isEqualTo(2);
    assertThat(requests.get(0).path("model").asText()).isEqualTo("nomic-embed-text");
    assertThat(requests.get(0).path("input")).hasSize(2);
    assertThat(e.modelId()).isEqualTo("ollama:nomic-embed-text");
  }

  @Test
  void errorBodyBecomesAClearMessage() throws IOException {
    URI url = serve(404, "{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}");
    OllamaEmbedder e = new OllamaEmbedder(url, "nope", Duration.ofSeconds(5));
    assertThatThrownBy(() -> e.embed("x"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("404")
        .hasMessageContaining("not found, try pulling it first");
  }

  @Test
  void wrongNumberOfVectorsIsRefused() throws IOException {
    URI url = serve(200, "{\"embeddings\":[[1,0]]}");
    OllamaEmbedder e = new OllamaEmbedder(url, "m", Duration.ofSeconds(5));
    assertThatThrownBy(() -> e.embedAll(List.of("a", "b")))
        .hasMessageContaining("returned 1 embeddings for 2 texts");
  }

  @Test
  void serverThatIsDownGivesAClearErrorNotAHang() throws IOException {
    URI url = serve(200, "{}");
    server.stop(0);
    server = null;
    OllamaEmbedder e = new OllamaEmbedder(url, "m", Duration.ofSeconds(2));
    assertThatThrownBy(() -> e.embed("x"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("does not answer");
  }
}
