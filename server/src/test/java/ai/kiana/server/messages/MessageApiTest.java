package ai.kiana.server.messages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.NetConfig;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageApiTest {

  @TempDir Path dir;
  TestNode a;

  @BeforeEach
  void start() {
    a = TestNode.start(dir.resolve("a"));
  }

  @AfterEach
  void stop() {
    a.close();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static void sync(TestNode n, String name) {
    n.node.startSync(
        NetConfig.defaults("127.0.0.1", 0, name, n.node.config().dataDir().resolve("peers.json")));
  }

  @Test
  @Tag("slow")
  void aMessageSentThroughTheApiArrivesOnThePairedDeviceAndShowsAsDelivered() throws Exception {
    try (TestNode b = TestNode.start(dir.resolve("b"))) {
      sync(a, "laptop");
      sync(b, "phone");
      String code = a.postJson("/api/v1/pairing", "{}").json().path("code").asText();
      assertThat(b.postJson("/api/v1/pairing/join", "{\"code\":\"" + code + "\"}").status())
          .isEqualTo(200);
      String bId = b.node.identity().deviceId().hex();
      await(() -> a.node.messenger().knowsKey(b.node.identity().deviceId()));

      TestNode.Reply sent =
          a.postJson("/api/v1/messages", "{\"to\":\"" + bId + "\",\"text\":\"Hallo Telefon\"}");
      assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
      String id = sent.json().path("id").asText();
      assertThat(sent.json().path("direction").asText()).isEqualTo("out");
      assertThat(sent.json().path("peer").asText()).isEqualTo(bId);

      await(() -> b.get("/api/v1/messages?direction=in").json().path("messages").size() == 1);
      JsonNode got = b.get("/api/v1/messages").json().path("messages").get(0);
      assertThat(got.path("id").asText()).isEqualTo(id);
      assertThat(got.path("text").asText()).isEqualTo("Hallo Telefon");
      assertThat(got.path("state").asText()).isEqualTo("received");
      assertThat(got.path("peer").asText()).isEqualTo(a.node.identity().deviceId().hex());

      await(
          () -> a.get("/api/v1/messages/" + id).json().path("state").asText().equals("delivered"));
      JsonNode outbox = a.get("/api/v1/messages?direction=out").json();
      assertThat(outbox.path("messages").get(0).path("delivered").isTextual()).isTrue();
      assertThat(outbox.path("counters").path("delivered").asLong()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"text\":\"x\"}|400|missing_field",
        "{\"to\":\"nope\",\"text\":\"x\"}|400|invalid_field",
        "{\"to\":\"" + "ab" + "\",\"text\":\"x\",\"cc\":1}|400|unknown_field",
        "[1]|400|invalid_body",
      })
  void badRequestsAreRefusedWithAJsonErrorNamingTheProblem(String body, int status, String code) {
    TestNode.Reply r = a.postJson("/api/v1/messages", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().path("error").asText()).isEqualTo(code);
  }

  @Test
  void aMessageToADeviceThatIsNotOneOfTheUsersIsRefused() {
    TestNode.Reply r =
        a.postJson("/api/v1/messages", "{\"to\":\"" + "cd".repeat(32) + "\",\"text\":\"hi\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().path("error").asText()).isEqualTo("unknown_device");
    assertThat(r.json().path("field").asText()).isEqualTo("to");
    assertThat(a.get("/api/v1/messages").json().path("messages").size()).isZero();
  }

  @Test
  void listingChecksItsParametersAndUnknownMessagesAre404() {
    assertThat(a.get("/api/v1/messages?direction=sideways").status()).isEqualTo(400);
    assertThat(a.get("/api/v1/messages?limit=0").status()).isEqualTo(400);
    TestNode.Reply missing = a.get("/api/v1/messages/" + "ab".repeat(16));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").asText()).isEqualTo("message_not_found");
  }
}
