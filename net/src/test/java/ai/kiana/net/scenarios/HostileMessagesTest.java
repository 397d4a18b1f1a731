package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.messages.Envelope;
import ai.kiana.net.messages.KeyAnnouncement;
import ai.kiana.net.messages.MessageLimits;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerView;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trusted but misbehaving device sends messages to one honest node over a raw connection. */
@Tag("slow")
class HostileMessagesTest {

  @TempDir Path dir;

  static Connection dialAs(NodeIdentity who, HarnessNode target) throws IOException {
    DeviceTrust trustAll =
        new DeviceTrust() {
          @Override
          public boolean isTrusted(DeviceId device) {
            return true;
          }

          @Override
          public boolean pairingOpen() {
            return false;
          }
        };
    return new Transport(who, trustAll, "mallory")
        .dial("127.0.0.1", target.port(), target.deviceId(), null);
  }

  /** Offers {@code env} and waits for the honest node to ask for it. */
  static void offerAndAwaitWant(Connection c, Envelope env) throws IOException {
    c.send(Frame.of(MessageType.MSG_OFFER, env.id().getBytes(StandardCharsets.UTF_8)));
    while (true) {
      Frame f = c.read();
      if (f.type() == MessageType.MSG_WANT) {
        assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo(env.id());
        return;
      }
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void replayedTamperedAndOversizedEnvelopesAreOffencesAndTheInboxKeepsOnlyTheHonestOne()
      throws Exception {
    try (SyncCluster cluster = new SyncCluster(dir, 1)) {
      HarnessNode honest = cluster.node(0);
      NodeIdentity mallory = new TestBlocks(66).identity();
      honest
          .network()
          .addPeer(new PeerRecord(mallory.deviceId(), "mallory", null, "config", Instant.now()));
      KeyAnnouncement key = honest.messenger().announcement();
      long now = System.currentTimeMillis();
      long expires = now + MessageLimits.DEFAULT_TTL.toMillis();
      Connection c = dialAs(mallory, honest);

      // A well-formed message from a trusted device, asked for: accepted.
      Envelope good = Envelope.seal(mallory, key, Envelope.newId(), now, expires, "hello");
      offerAndAwaitWant(c, good);
      c.send(Frame.of(MessageType.MSG_ENVELOPE, utf8(good.json())));
      SyncCluster.await(
          () -> honest.messenger().list("in", 10).size() == 1, Duration.ofSeconds(10), () -> "1");

      // Offered again: not asked for, answered with the receipt instead (duplicate suppression).
      c.send(Frame.of(MessageType.MSG_OFFER, utf8(good.id())));
      int receipts = 0; // the first came when the message arrived, the second answers the offer
      while (receipts < 2) {
        Frame answer = c.read();
        assertThat(answer.type()).isNotEqualTo(MessageType.MSG_WANT);
        if (answer.type() == MessageType.MSG_RECEIPTS) {
          assertThat(new String(answer.payload(), StandardCharsets.UTF_8)).contains(good.id());
          receipts++;
        }
      }
      assertThat(honest.messenger().counters().duplicates.get()).isEqualTo(1);

      // 1: the same envelope again, unasked: a replay.
      c.send(Frame.of(MessageType.MSG_ENVELOPE, utf8(good.json())));
      // 2: asked for, but the ciphertext was changed on the way.
      Envelope second = Envelope.seal(mallory, key, Envelope.newId(), now, expires, "second");
      offerAndAwaitWant(c, second);
      String ct = second.json().replaceFirst("\"ct\":\"(.)", "\"ct\":\"$1$1");
      c.send(Frame.of(MessageType.MSG_ENVELOPE, utf8(ct)));
      // 3: asked for, but over the size limit.
      Envelope third = Envelope.seal(mallory, key, Envelope.newId(), now, expires, "third");
      offerAndAwaitWant(c, third);
      c.send(Frame.of(MessageType.MSG_ENVELOPE, new byte[MessageLimits.MAX_ENVELOPE_BYTES + 100]));

      SyncCluster.await(
          () -> honest.messenger().counters().offences.get() == 3,
          Duration.ofSeconds(10),
          () -> "3 offences, last " + honest.messenger().counters().lastRejection());
      SyncCluster.await(
          () -> !honest.network().connected(mallory.deviceId()),
          Duration.ofSeconds(10),
          () -> "disconnected after 3 offences");
      PeerView view =
          honest.network().peers().stream()
              .filter(p -> p.device().equals(mallory.deviceId()))
              .findFirst()
              .orElseThrow();
      assertThat(view.offences()).isEqualTo(3);
      assertThat(honest.messenger().list("in", 10))
          .singleElement()
          .satisfies(m -> assertThat(m.text()).isEqualTo("hello"));
    }
  }
}
