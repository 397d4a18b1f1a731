package ai.kiana.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the store gone, the node says so (503) without leaking why; liveness is unaffected. */
class StoreUnavailableTest {

  @TempDir Path dataDir;
  TestNode server;

  @BeforeEach
  void startAndLoseTheStore() {
    server = TestNode.start(dataDir);
    server.node.store().close();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readinessIs503ButHealthIsStillOk() {
    TestNode.Reply ready = server.get("/readyz");

    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("status").textValue()).isEqualTo("unavailable");
    assertThat(server.get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void storeFailureIs503WithAnErrorIdAndNoDetails() {
    TestNode.Reply reply = server.get("/api/v1/blocks");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().get("error").textValue()).isEqualTo("store_unavailable");
    assertThat(reply.json().get("errorId").textValue()).matches("[0-9a-f]{12}");
    assertThat(reply.json().get("message").textValue()).startsWith("store unavailable");
    assertThat(reply.body())
        .doesNotContain("Exception")
        .doesNotContain("closed")
        .doesNotContain(dataDir.toString());
  }
}
