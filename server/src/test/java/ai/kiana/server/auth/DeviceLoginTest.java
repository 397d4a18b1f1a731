package ai.kiana.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subminds and sensors log in by the key the ledger admitted, never by a password. */
class DeviceLoginTest {

  @TempDir Path dir;
  TestNode server;
  NodeIdentity sensor;

  @BeforeEach
  void start() {
    server = TestNode.start(dir);
    sensor = NodeIdentity.generate(Ed25519Engines.fastest());
    String admit =
        "{\"type\":\"device-admitted\",\"device\":\""
            + sensor.deviceId().hex()
            + "\",\"deviceKey\":\""
            + HexFormat.of().formatHex(sensor.publicKey())
            + "\",\"role\":\"sensor\",\"name\":\"thermometer\"}";
    assertThat(server.postJson("/api/v1/ledger/transactions", admit).status()).isEqualTo(202);
    await(() -> server.node.ledger().headState().device(sensor.deviceId()) != null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAdmittedDeviceLogsInWithItsKeyAndGetsItsLedgerRole() {
    TestNode.Reply r = deviceLogin(sensor, server.clock.millis());

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    TestNode device = server.withToken(r.json().get("access_token").asText());
    assertThat(device.get("/api/v1/auth/me").json().get("role").asText()).isEqualTo("sensor");
    assertThat(device.get("/api/v1/blocks").status()).isEqualTo(403);
    assertThat(
            device
                .postJson("/api/v1/blocks", "{\"type\":\"note\",\"content\":\"21.5 C\"}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void aReplayedStaleOrForeignProofIsRefused() {
    long now = server.clock.millis();
    assertThat(deviceLogin(sensor, now).status()).isEqualTo(200);

    assertThat(deviceLogin(sensor, now).status()).as("replay").isEqualTo(401);
    assertThat(deviceLogin(sensor, now - 120_000).status()).as("stale").isEqualTo(401);
    NodeIdentity stranger = NodeIdentity.generate(Ed25519Engines.fastest());
    assertThat(deviceLogin(stranger, now + 1).status()).as("not admitted").isEqualTo(401);
    byte[] sig = stranger.sign(DeviceLogin.challenge(server.node.identity().deviceId(), now + 2));
    assertThat(send(sensor, now + 2, HexFormat.of().formatHex(sig)).status())
        .as("signed by another key")
        .isEqualTo(401);
  }

  @Test
  void revokingTheDeviceEndsItsTokensAndItsLogins() {
    String token = deviceLogin(sensor, server.clock.millis()).json().get("access_token").asText();
    assertThat(server.withToken(token).get("/api/v1/auth/me").status()).isEqualTo(200);

    assertThat(
            server
                .postJson("/api/v1/devices/" + sensor.deviceId().hex() + "/revoke", "{}")
                .status())
        .isEqualTo(202);
    await(() -> server.node.security().revocation().isRevoked(sensor.deviceId()));
    await(() -> server.withToken(token).get("/api/v1/auth/me").status() == 401);

    assertThat(deviceLogin(sensor, server.clock.millis()).status()).isEqualTo(401);
  }

  @Test
  void aDeniedDeviceCannotLogInAndItsTokensStopAtOnceUntilTheEntryIsRemoved() {
    String token = deviceLogin(sensor, server.clock.millis()).json().get("access_token").asText();
    String entry =
        "{\"kind\":\"device\",\"list\":\"deny\",\"value\":\"" + sensor.deviceId().display() + "\"}";

    TestNode.Reply denied = server.postJson("/api/v1/access-lists", entry);

    assertThat(denied.status()).as(denied.body()).isEqualTo(201);
    assertThat(denied.json().get("entries").get(0).get("value").asText())
        .isEqualTo(sensor.deviceId().hex());
    TestNode.Reply withToken = server.withToken(token).get("/api/v1/auth/me");
    assertThat(withToken.status()).isEqualTo(403);
    assertThat(withToken.json().get("error").asText()).isEqualTo("device_denied");
    assertThat(deviceLogin(sensor, server.clock.millis() + 1).status()).isEqualTo(403);
    assertThat(server.node.security().audit().entries(0, 1000))
        .extracting(e -> e.action())
        .contains("access-list-changed", "device-denied");

    TestNode.Reply removed =
        server.delete("/api/v1/access-lists/device/deny/" + sensor.deviceId().hex());
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(server.withToken(token).get("/api/v1/auth/me").status()).isEqualTo(200);
    assertThat(deviceLogin(sensor, server.clock.millis() + 2).status()).isEqualTo(200);
  }

  @Test
  void inAllowListModeOnlyListedDevicesLogIn() {
    NodeIdentity other = NodeIdentity.generate(Ed25519Engines.fastest());
    TestNode.Reply r =
        server.postJson(
            "/api/v1/access-lists",
            "{\"kind\":\"device\",\"list\":\"allow\",\"value\":\""
                + other.deviceId().hex()
                + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);

    assertThat(deviceLogin(sensor, server.clock.millis()).status()).isEqualTo(403);
  }

  private TestNode.Reply deviceLogin(NodeIdentity device, long timestamp) {
    byte[] sig = device.sign(DeviceLogin.challenge(server.node.identity().deviceId(), timestamp));
    return send(device, timestamp, HexFormat.of().formatHex(sig));
  }

  private TestNode.Reply send(NodeIdentity device, long timestamp, String sigHex) {
    return server
        .anonymous()
        .postJson(
            "/api/v1/auth/device",
            "{\"device\":\""
                + device.deviceId().hex()
                + "\",\"timestamp\":"
                + timestamp
                + ",\"signature\":\""
                + sigHex
                + "\"}");
  }

  private void await(BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      server.clock.advance(Duration.ofSeconds(1));
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
