package ai.kiana.server.killswitch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch end to end on a real node: the phrase halts it (answers and learning refused,
 * data still readable by the creator), the halt is a signed ledger transaction and survives a
 * restart, only the creator's resume lifts it, and wrong phrases, forged and replayed transactions
 * achieve nothing.
 */
class KillSwitchApiTest {

  static final String PHRASE = "{\"phrase\":\"the owls are not what they seem\"}";
  static final String WRONG = "{\"phrase\":\"the owls are exactly what they seem\"}";

  @TempDir Path dir;
  TestNode server;
  final List<String> events = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestNode.start(dir);
    server.node.security().events().add(recorder());
    assertThat(server.postJson("/api/v1/killswitch/phrase", PHRASE).status()).isEqualTo(204);
    assertThat(
            server.postJson("/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"kept\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void haltRestartStillHaltedThenResume() {
    TestNode.Reply halt = server.as(Role.ADMIN).postJson("/api/v1/killswitch/engage", PHRASE);
    assertThat(halt.status()).as(halt.toString()).isEqualTo(200);
    assertThat(halt.json().get("halted").asBoolean()).isTrue();
    assertThat(events).containsExactly("halted");
    assertHalted(server);
    awaitLedgerKillSwitch(server, true);

    server.close();
    server = TestNode.start(dir);

    assertHalted(server);
    assertThat(server.as(Role.ADMIN).postJson("/api/v1/killswitch/resume", PHRASE).status())
        .isEqualTo(403);
    TestNode.Reply resume = server.postJson("/api/v1/killswitch/resume", PHRASE);
    assertThat(resume.status()).as(resume.toString()).isEqualTo(200);
    assertThat(resume.json().get("halted").asBoolean()).isFalse();
    assertThat(
            server.postJson("/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"again\"}").status())
        .isEqualTo(201);
    awaitLedgerKillSwitch(server, false);
    assertThat(actions(server)).contains("halted", "resumed");
  }

  @Test
  void wrongPhraseChangesNothingAndIsAudited() {
    TestNode.Reply r = server.postJson("/api/v1/killswitch/engage", WRONG);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("error").asText()).isEqualTo("wrong_phrase");
    assertThat(server.get("/api/v1/killswitch").json().get("halted").asBoolean()).isFalse();
    assertThat(actions(server)).contains("kill-phrase-wrong");
  }

  @Test
  void repeatedWrongPhrasesAreLockedOut() {
    int status = 0;
    for (int i = 0; i < 12 && status != 429; i++) {
      status = server.postJson("/api/v1/killswitch/engage", WRONG).status();
      server.clock.advance(Duration.ofMinutes(2));
    }
    assertThat(status).isEqualTo(429);
    assertThat(server.postJson("/api/v1/killswitch/engage", PHRASE).status()).isEqualTo(429);
  }

  @Test
  void forgedKillSwitchTransactionIsRejectedAndDoesNotHalt() {
    NodeIdentity stranger = NodeIdentity.generate(Ed25519Engines.fastest());
    LedgerTx forged = LedgerTx.sign(stranger, 1, new TxPayload.KillSwitch("a stranger says stop"));

    TestNode.Reply r = server.postJson("/api/v1/ledger/transactions", TxCodec.toJson(forged));

    assertThat(r.status()).as(r.toString()).isIn(400, 403);
    server.clock.advance(Duration.ofSeconds(2));
    assertThat(server.get("/api/v1/killswitch").json().get("halted").asBoolean()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void replayedKillSwitchTransactionAfterResumeIsRejected() {
    assertThat(server.postJson("/api/v1/killswitch/engage", PHRASE).status()).isEqualTo(200);
    String killTx = awaitLedgerKillSwitch(server, true);
    assertThat(server.postJson("/api/v1/killswitch/resume", PHRASE).status()).isEqualTo(200);
    awaitLedgerKillSwitch(server, false);

    TestNode.Reply replay = server.postJson("/api/v1/ledger/transactions", killTx);

    assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
    assertThat(replay.json().get("error").asText()).isIn("replayed_tx", "duplicate_tx");
    server.clock.advance(Duration.ofSeconds(2));
    assertThat(server.get("/api/v1/killswitch").json().get("halted").asBoolean()).isFalse();
  }

  @Test
  void aKillSwitchTransactionFromTheLedgerHaltsTheNode() {
    TestNode.Reply r =
        server.postJson(
            "/api/v1/ledger/transactions", "{\"type\":\"kill-switch\",\"reason\":\"x\"}");
    assertThat(r.status()).isEqualTo(202);

    await(() -> server.node.security().killSwitch().halted());
    assertThat(server.get("/api/v1/killswitch").json().get("source").asText()).isEqualTo("ledger");
    assertThat(events).containsExactly("halted");
  }

  @Test
  void onlyTheCreatorMayIssueAResumeThroughTheLedgerRoute() {
    TestNode.Reply r =
        server.as(Role.ADMIN).postJson("/api/v1/ledger/transactions", "{\"type\":\"resume\"}");
    assertThat(r.status()).isEqualTo(403);
    TestNode.Reply user =
        server
            .as(Role.USER)
            .postJson("/api/v1/ledger/transactions", "{\"type\":\"kill-switch\",\"reason\":\"\"}");
    assertThat(user.status()).isEqualTo(403);
  }

  @Test
  void revokingADeviceIsSignedOnTheLedgerAndAnnounced() {
    NodeIdentity laptop = NodeIdentity.generate(Ed25519Engines.fastest());
    DeviceId id = laptop.deviceId();
    String admit =
        "{\"type\":\"device-admitted\",\"device\":\""
            + id.hex()
            + "\",\"deviceKey\":\""
            + java.util.HexFormat.of().formatHex(laptop.publicKey())
            + "\",\"role\":\"user\",\"name\":\"laptop\"}";
    assertThat(server.postJson("/api/v1/ledger/transactions", admit).status()).isEqualTo(202);
    await(() -> server.node.ledger().headState().device(id) != null);

    assertThat(
            server.as(Role.USER).postJson("/api/v1/devices/" + id.hex() + "/revoke", "{}").status())
        .isEqualTo(403);
    TestNode.Reply r =
        server.postJson("/api/v1/devices/" + id.hex() + "/revoke", "{\"reason\":\"lost\"}");

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    await(() -> server.node.security().revocation().isRevoked(id));
    await(() -> events.contains("revoked " + id.hex()));
    assertThat(actions(server)).contains("device-admitted", "device-revoked");
  }

  private SafetyListener recorder() {
    return new SafetyListener() {
      @Override
      public void halted(HaltState state) {
        synchronized (events) {
          events.add("halted");
        }
      }

      @Override
      public void resumed() {
        synchronized (events) {
          events.add("resumed");
        }
      }

      @Override
      public void deviceRevoked(DeviceId device, String reason) {
        synchronized (events) {
          events.add("revoked " + device.hex());
        }
      }
    };
  }

  /** Answers and learning refused to all; data readable by the creator only. */
  private static void assertHalted(TestNode n) {
    assertThat(n.get("/api/v1/killswitch").json().get("halted").asBoolean()).isTrue();
    TestNode.Reply write = n.postJson("/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"x\"}");
    assertThat(write.status()).isEqualTo(503);
    assertThat(write.json().get("error").asText()).isEqualTo("node_halted");
    assertThat(n.get("/api/v1/blocks").status()).isEqualTo(200);
    assertThat(n.get("/api/v1/blocks").json().get("blocks")).hasSize(1);
    assertThat(n.as(Role.USER).get("/api/v1/blocks").status()).isEqualTo(503);
  }

  /** Lets the ledger seal; returns the kill-switch transaction's JSON once the state matches. */
  private static String awaitLedgerKillSwitch(TestNode n, boolean engaged) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      n.clock.advance(Duration.ofSeconds(1));
      if (n.node.ledger().headState().killSwitch().engaged() == engaged) {
        for (var block : n.node.ledger().chain(0, Integer.MAX_VALUE)) {
          for (LedgerTx tx : block.txs()) {
            if (tx.payload() instanceof TxPayload.KillSwitch) {
              return TxCodec.toJson(tx);
            }
          }
        }
        return null;
      }
      sleep();
    }
    throw new AssertionError("the ledger's kill switch did not become " + engaged);
  }

  /** Waits for {@code done}, moving the fake clock on so that the ledger may seal meanwhile. */
  private void await(BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      server.clock.advance(Duration.ofSeconds(1));
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> actions(TestNode n) {
    return n.node.security().audit().entries(0, 10_000).stream().map(e -> e.action()).toList();
  }
}
