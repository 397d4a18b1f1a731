package ai.kiana.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.json.Json;
import ai.kiana.net.NetConfig;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerRoutesTest {

  @TempDir Path dir;
  TestNode a;
  TestNode b;

  @BeforeEach
  void start() {
    a = TestNode.start(dir.resolve("a"));
    b = TestNode.start(dir.resolve("b"));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  static void sync(TestNode n, String name) {
    n.node.startSync(
        NetConfig.defaults("127.0.0.1", 0, name, n.node.config().dataDir().resolve("peers.json")));
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  String code() {
    TestNode.Reply r = a.postJson("/api/v1/pairing", "{}");
    assertThat(r.status()).isEqualTo(201);
    return r.json().path("code").asText();
  }

  TestNode.Reply join(String code) {
    return b.postJson("/api/v1/pairing/join", "{\"code\":" + quote(code) + "}");
  }

  static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  @Test
  void devicesPairedByCodeSeeEachOtherAndSyncBlocks() throws Exception {
    sync(a, "laptop");
    sync(b, "phone");
    TestNode.Reply joined = join(code());
    assertThat(joined.status()).isEqualTo(200);
    assertThat(joined.json().path("device").asText()).isEqualTo(a.node.identity().deviceId().hex());
    assertThat(joined.json().path("name").asText()).isEqualTo("laptop");

    TestNode.Reply taught =
        a.postJson("/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"paired\"}");
    BlockId id = new BlockId(taught.json().path("block").path("id").asText());
    await(() -> b.node.store().contains(id));

    JsonNode peersOfA = a.get("/api/v1/peers").json().path("peers");
    assertThat(peersOfA).hasSize(1);
    assertThat(peersOfA.get(0).path("device").asText())
        .isEqualTo(b.node.identity().deviceId().hex());
    assertThat(peersOfA.get(0).path("name").asText()).isEqualTo("phone");
    assertThat(peersOfA.get(0).path("state").asText()).isEqualTo("connected");
    // Either side's dial may be the one kept (the lower device ID's), never both.
    assertThat(peersOfA.get(0).path("connection").asText()).isIn("wss-inbound", "wss-outbound");
    await(() -> b.get("/api/v1/peers").json().path("peers").get(0).path("blocksIn").asLong() == 1);
  }

  @Test
  void thePeerEventStreamSendsThePeerListAtOnceAndAgainWhenItChanges() throws Exception {
    sync(a, "laptop");
    sync(b, "phone");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<java.util.stream.Stream<String>> stream =
        http.send(
            a.request("/api/v1/peers/events").GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    java.util.Iterator<String> lines = stream.body().iterator();
    assertThat(lines.next()).isEqualTo("event: peers");
    assertThat(Json.parse(lines.next().substring("data: ".length())).path("peers").size()).isZero();

    assertThat(join(code()).status()).isEqualTo(200);

    lines.next(); // the blank line ending the first event
    assertThat(lines.next()).isEqualTo("event: peers");
    assertThat(Json.parse(lines.next().substring("data: ".length())).path("peers").size())
        .isEqualTo(1);
    stream.body().close();
  }

  @Test
  void aCodeWorksOnlyOnce() {
    sync(a, "laptop");
    sync(b, "phone");
    String code = code();
    assertThat(join(code).status()).isEqualTo(200);
    try (TestNode c = TestNode.start(dir.resolve("c"))) {
      sync(c, "stranger");
      TestNode.Reply again = c.postJson("/api/v1/pairing/join", "{\"code\":" + quote(code) + "}");
      assertThat(again.status()).as(again.body()).isEqualTo(403);
      assertThat(again.json().path("error").asText()).isEqualTo("pairing_refused");
      assertThat(again.json().path("message").asText()).contains("expired or already used");
    }
  }

  @Test
  void aWrongSecretIsRefusedClearly() {
    sync(a, "laptop");
    sync(b, "phone");
    String wrong = code().replaceAll("s=[A-Z2-7]+", "s=AAAAAAAAAAAAAAAA");
    TestNode.Reply r = join(wrong);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("error").asText()).isEqualTo("pairing_refused");
    assertThat(a.get("/api/v1/peers").json().path("peers")).isEmpty();
  }

  @Test
  void anExpiredCodeIsRefusedBeforeDialling() {
    sync(a, "laptop");
    sync(b, "phone");
    String expired = code().replaceAll("e=[0-9]+", "e=1000");
    TestNode.Reply r = join(expired);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("pairing_code_expired");
  }

  @Test
  void somethingThatIsNotACodeIsABadRequest() {
    sync(b, "phone");
    TestNode.Reply r = join("hello");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_pairing_code");
    assertThat(r.json().path("field").asText()).isEqualTo("code");
  }

  @Test
  void peersAreUnavailableWhileSyncIsNotRunning() {
    TestNode.Reply r = a.get("/api/v1/peers");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().path("error").asText()).isEqualTo("sync_not_running");
  }
}
