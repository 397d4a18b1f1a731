package ai.kiana.server.ledger;

import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.http.TestNode;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.testkit.FakeClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A real node (SQLite in a temp directory, a fake clock) with its real HTTP API on a free port, and
 * a JDK HttpClient to call it. The ledger seals only when the fake clock has moved past its head by
 * the block period, so tests decide when blocks may come.
 */
final class LedgerTestNode implements AutoCloseable {

  final FakeClock clock = new FakeClock();
  final Node node;
  final HttpApi api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  LedgerTestNode(Path dataDir) {
    NodeConfig config =
        new NodeConfig(
            dataDir,
            "127.0.0.1",
            0,
            DataDir.defaultJdbcUrl(dataDir),
            null,
            null,
            NodeConfig.DEFAULT_MAX_BODY_BYTES);
    this.node = Node.open(config, clock);
    try {
      this.api = HttpApi.start(node);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    this.base = URI.create("http://127.0.0.1:" + api.port());
  }

  record Reply(int status, String body) {
    JsonNode json() {
      return Json.parse(body);
    }
  }

  Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
  }

  Reply postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  Reply post(String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  /** Lets the next block be sealed: moves the fake clock a second on. */
  void letTimePass() {
    clock.advance(Duration.ofSeconds(1));
  }

  /**
   * Polls {@code path} until its JSON answer satisfies {@code done}, for at most {@code timeout}.
   *
   * @throws AssertionError with the last answer if it never does
   */
  JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Reply last;
    do {
      last = get(path);
      if (last.status() == 200 && done.test(last.json())) {
        return last.json();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("GET " + path + " did not get there within " + timeout + ": " + last);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request
                  .timeout(Duration.ofSeconds(10))
                  .header(
                      "Authorization",
                      "Bearer " + TestNode.tokenFor(node, TestNode.CREATOR, Role.CREATOR))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      api.close();
    } finally {
      http.close();
      node.close();
    }
  }
}
