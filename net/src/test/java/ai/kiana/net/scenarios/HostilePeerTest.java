package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerView;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.testkit.TestBlocks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trusted-but-misbehaving or unknown device against one honest node. */
class HostilePeerTest {

  @TempDir Path dir;
  SyncCluster cluster;
  HarnessNode honest;
  TestBlocks mallory = new TestBlocks(66);
  String rootBefore;

  @BeforeEach
  void start() {
    cluster = new SyncCluster(dir, 1);
    honest = cluster.node(0);
    honest.teachMany("honest", 20);
    rootBefore = honest.root();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  Connection dialAs(NodeIdentity who) throws IOException {
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
        .dial("127.0.0.1", honest.port(), honest.deviceId(), null);
  }

  Connection dialAsTrustedMallory() throws IOException {
    honest
        .network()
        .addPeer(
            new PeerRecord(
                mallory.identity().deviceId(), "mallory", null, "config", Instant.now()));
    return dialAs(mallory.identity());
  }

  PeerView malloryView() {
    return honest.network().peers().stream()
        .filter(p -> p.device().equals(mallory.identity().deviceId()))
        .findFirst()
        .orElseThrow();
  }

  void awaitClosed(Connection c) {
    SyncCluster.await(
        () -> {
          try {
            while (true) {
              if (c.read().type() == MessageType.BYE) {
                return true;
              }
            }
          } catch (IOException | RuntimeException e) {
            return true;
          }
        },
        Duration.ofSeconds(10),
        () -> "disconnect");
  }

  /** Announces a block, waits for the WANT and answers it with {@code answer}. */
  void offerAndAnswer(Connection c, KnowledgeBlock announced, String answer) throws IOException {
    c.send(Frame.of(MessageType.HAVE, have(announced)));
    Frame f;
    do {
      f = c.read();
    } while (f.type() != MessageType.WANT);
    c.send(Frame.of(MessageType.BLOCKS, answer.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] have(KnowledgeBlock b) {
    ItemKey k = ItemKey.of(b);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    long v = k.time();
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    out.writeBytes(k.id());
    return out.toByteArray();
  }

  @Test
  void unknownDeviceIsRefusedAndNothingChanges() {
    assertThatThrownBy(() -> dialAs(new TestBlocks(77).identity()))
        .isInstanceOfAny(IOException.class, ai.kiana.net.connections.RefusedException.class);
    assertThat(honest.root()).isEqualTo(rootBefore);
  }

  @Test
  void forgedBlocksAreRejectedCountedAndTheSenderDisconnectedAfterThree() throws IOException {
    Connection c = dialAsTrustedMallory();
    for (int i = 0; i < 3; i++) {
      KnowledgeBlock real = mallory.fact("forged " + i);
      KnowledgeBlock forged = TestBlocks.withContent(real, "tampered " + i);
      offerAndAnswer(c, real, BlockCodec.toJson(forged));
    }
    awaitClosed(c);
    // The goodbye can reach us before the honest node's session thread has recorded it.
    SyncCluster.await(
        () -> malloryView().lastError() != null, Duration.ofSeconds(10), () -> "error recorded");
    assertThat(malloryView().offences()).isGreaterThanOrEqualTo(3);
    assertThat(malloryView().lastError()).contains("too many invalid messages");
    assertThat(honest.root()).isEqualTo(rootBefore);
  }

  @Test
  void aValidBlockAskedForIsStoredButItsReplayIsAnOffence() throws IOException {
    Connection c = dialAsTrustedMallory();
    KnowledgeBlock real = mallory.fact("a real fact from a known device");
    offerAndAnswer(c, real, BlockCodec.toJson(real));
    SyncCluster.await(
        () -> honest.store().contains(real.id()), Duration.ofSeconds(10), () -> "stored");
    c.send(Frame.of(MessageType.BLOCKS, BlockCodec.toJson(real).getBytes(StandardCharsets.UTF_8)));
    SyncCluster.await(() -> malloryView().offences() == 1, Duration.ofSeconds(10), () -> "offence");
    assertThat(honest.blocks()).isEqualTo(21);
  }

  @Test
  void anOversizedFrameEndsTheConnectionAtOnce() throws IOException {
    honest
        .network()
        .addPeer(
            new PeerRecord(
                mallory.identity().deviceId(), "mallory", null, "config", Instant.now()));
    Connection c = dialAs(mallory.identity());
    c.send(Frame.of(MessageType.PING, new byte[Connection.DEFAULT_MAX_FRAME_BYTES + 1]));
    awaitClosed(c);
    assertThat(malloryView().offences()).isEqualTo(1);
  }

  @Test
  void malformedMessagesAreOffencesAndThreeDisconnect() throws IOException {
    Connection c = dialAsTrustedMallory();
    c.send(Frame.of(MessageType.RECONCILE_START, new byte[] {1, 0, 0, 9}));
    c.send(Frame.of(MessageType.WANT, new byte[] {(byte) 0xff, (byte) 0xff, 3}));
    c.send(Frame.of(MessageType.HAVE, new byte[] {5, 1}));
    awaitClosed(c);
    assertThat(malloryView().offences()).isGreaterThanOrEqualTo(3);
    assertThat(honest.root()).isEqualTo(rootBefore);
  }

  @Test
  void aFloodOfMessagesIsCutOffByTheRateLimit() throws IOException {
    Connection c = dialAsTrustedMallory();
    for (int i = 0; i < 20_000 && c.isOpen(); i++) {
      c.send(Frame.of(MessageType.PONG, new byte[0]));
    }
    awaitClosed(c);
    SyncCluster.await(
        () -> "flooding".equals(malloryView().lastError()) || malloryView().offences() > 0,
        Duration.ofSeconds(10),
        () -> "flood noticed: " + malloryView());
    assertThat(honest.root()).isEqualTo(rootBefore);
  }
}
