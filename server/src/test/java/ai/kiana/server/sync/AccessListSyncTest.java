package ai.kiana.server.sync;

import static ai.kiana.server.sync.PeerRoutesTest.await;
import static ai.kiana.server.sync.PeerRoutesTest.sync;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.server.http.TestNode;
import ai.kiana.server.limits.AccessLists;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device or address put on the deny list loses its live sync connection at once and cannot come
 * back until the entry is removed.
 */
class AccessListSyncTest {

  @TempDir Path dir;
  TestNode a;
  TestNode b;
  DeviceId phone;

  @BeforeEach
  void pair() throws Exception {
    a = TestNode.start(dir.resolve("a"));
    b = TestNode.start(dir.resolve("b"));
    sync(a, "laptop");
    sync(b, "phone");
    String code = a.postJson("/api/v1/pairing", "{}").json().path("code").asText();
    assertThat(
            b.postJson("/api/v1/pairing/join", "{\"code\":" + PeerRoutesTest.quote(code) + "}")
                .status())
        .isEqualTo(200);
    phone = b.node.identity().deviceId();
    await(() -> a.node.network().connected(phone));
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void aDeniedDeviceIsDisconnectedAndRefusedUntilItIsRemovedFromTheList() throws Exception {
    TestNode.Reply r =
        a.postJson(
            "/api/v1/access-lists",
            "{\"kind\":\"device\",\"list\":\"deny\",\"value\":\"" + phone.hex() + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);

    await(
        () ->
            !a.node.network().connected(phone)
                && !b.node.network().connected(a.node.identity().deviceId()));
    assertThat(a.node.security().audit().entries(0, 1000))
        .anyMatch(e -> e.action().equals("device-denied") && e.target().equals(phone.hex()));
    // Once the entry is removed the two reconnect and a block written meanwhile arrives.
    b.node.knowledge().add(BlockDraft.fact("written while denied"));

    assertThat(a.delete("/api/v1/access-lists/device/deny/" + phone.hex()).status()).isEqualTo(200);
    awaitConverged();
  }

  /** Redials wait for a backoff on the nodes' (fake) clocks: let it pass. */
  private void awaitConverged() throws InterruptedException {
    await(
        () -> {
          a.clock.advance(java.time.Duration.ofSeconds(5));
          b.clock.advance(java.time.Duration.ofSeconds(5));
          return a.node.store().stats().blocks() == b.node.store().stats().blocks();
        });
  }

  @Test
  void aDeniedAddressLosesItsConnectionsAndCannotReconnect() throws Exception {
    AccessLists lists = a.node.security().addresses();
    // Denied directly: through the API the laptop would refuse the test's own loopback requests.
    lists.add(AccessLists.Kind.ADDRESS, AccessLists.Which.DENY, "127.0.0.*", "test");

    await(() -> !a.node.network().connected(phone));
    assertThat(lists.permits("127.0.0.1")).isFalse();

    lists.remove(AccessLists.Kind.ADDRESS, AccessLists.Which.DENY, "127.0.0.*", "test");
    b.node.knowledge().add(BlockDraft.fact("after the address is allowed again"));
    awaitConverged();
  }

  @Test
  void theApiRefusesAnEntryThatWouldLockOutTheCaller() {
    TestNode.Reply deny =
        a.postJson(
            "/api/v1/access-lists", "{\"kind\":\"address\",\"list\":\"deny\",\"value\":\"127.*\"}");
    TestNode.Reply allowOthers =
        a.postJson(
            "/api/v1/access-lists",
            "{\"kind\":\"address\",\"list\":\"allow\",\"value\":\"10.0.0.*\"}");
    TestNode.Reply bad =
        a.postJson(
            "/api/v1/access-lists",
            "{\"kind\":\"address\",\"list\":\"deny\",\"value\":\"../etc\"}");
    TestNode.Reply badDevice =
        a.postJson(
            "/api/v1/access-lists", "{\"kind\":\"device\",\"list\":\"deny\",\"value\":\"abc\"}");

    assertThat(deny.status()).isEqualTo(409);
    assertThat(allowOthers.status()).isEqualTo(409);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("value");
    assertThat(badDevice.status()).isEqualTo(400);
    assertThat(a.get("/api/v1/access-lists").json().get("entries")).isEmpty();
    assertThat(a.as(ai.kiana.core.ledger.Role.USER).get("/api/v1/access-lists").status())
        .isEqualTo(403);
  }
}
