package ai.kiana.net.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.SyncFilter;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a full node sends a follower, frame by frame: announcements (HAVE) and answers to WANT carry
 * only blocks the follower's hello admits, not even the ids of the others.
 */
class SelectivePushTest {

  @TempDir Path dir;

  @Test
  void aFullNodeAnnouncesAndHandsOutOnlyBlocksInsideTheFollowersFilter() throws Exception {
    try (SyncCluster cluster = new SyncCluster(dir, 1)) {
      HarnessNode full = cluster.node(0);
      NodeIdentity phone = TestBlocks.identity(9);
      full.network()
          .addPeer(new PeerRecord(phone.deviceId(), "phone", null, "config", Instant.now()));
      SyncFilter follows = new SyncFilter(EnumSet.allOf(Scope.class), Set.of("garden"), 0);
      Connection c =
          new Transport(phone, trustAll(), "phone", () -> follows)
              .dial("127.0.0.1", full.port(), full.deviceId(), null);
      LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    frames.add(c.read());
                  }
                } catch (IOException | RuntimeException e) {
                  // connection over
                }
              });
      SyncCluster.await(
          () -> full.network().connected(phone.deviceId()),
          java.time.Duration.ofSeconds(10),
          () -> "connect");

      KnowledgeBlock other = full.teach("taxes, untagged");
      KnowledgeBlock garden =
          full.knowledge().add(TestBlocks.draft(BlockType.NOTE, "", "roses", "garden"));
      List<ItemKey> announced = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!announced.contains(ItemKey.of(garden)) && System.nanoTime() < deadline) {
        Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null && f.type() == MessageType.HAVE) {
          announced.addAll(KeyCodec.decodeKeys(f.payload(), 10_000));
        }
      }
      assertThat(announced).containsExactly(ItemKey.of(garden));

      // Asked outright for both, it hands out only the one the filter admits.
      c.send(Frame.of(MessageType.WANT, KeyCodec.encodeIds(List.of(other.id(), garden.id()))));
      Frame answer;
      do {
        answer = frames.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("an answer to WANT").isNotNull();
      } while (answer.type() != MessageType.BLOCKS);
      String body = new String(answer.payload(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(body.lines()).hasSize(1).first().asString().contains(garden.id().hex());
      assertThat(body).doesNotContain(other.id().hex());
      c.close("done");
    }
  }

  static DeviceTrust trustAll() {
    return new DeviceTrust() {
      @Override
      public boolean isTrusted(DeviceId device) {
        return true;
      }

      @Override
      public boolean pairingOpen() {
        return false;
      }
    };
  }
}
