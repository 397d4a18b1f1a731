package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.net.harness.SyncCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoNodeSyncTest {

  @TempDir Path dir;

  @Test
  void twoNodesWithDifferentBlocksEndUpWithTheSameKnowledgeSet() {
    try (SyncCluster c = new SyncCluster(dir, 2)) {
      c.node(0).teachMany("left", 300);
      c.node(1).teachMany("right", 200);
      c.link(0, 1);
      c.awaitConverged(Duration.ofSeconds(30));
      assertThat(c.node(0).blocks()).isEqualTo(500);
      assertThat(c.node(1).store().stats().blocks()).isEqualTo(500);
    }
  }

  @Test
  void aBlockTaughtOnOneNodeIsPushedToItsConnectedPeer() {
    try (SyncCluster c = new SyncCluster(dir, 2)) {
      c.link(0, 1);
      SyncCluster.await(
          () -> c.node(0).connectedPeers().size() == 1, Duration.ofSeconds(10), () -> "connect");
      KnowledgeBlock b = c.node(1).teach("pushed at once");
      SyncCluster.await(
          () -> c.node(0).store().contains(b.id()), Duration.ofSeconds(10), () -> "push");
      var peers = c.node(0).network().peers();
      assertThat(peers)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.state()).isEqualTo("connected");
                assertThat(p.connection()).isEqualTo("tls-outbound");
                assertThat(p.blocksIn()).isEqualTo(1);
              });
    }
  }
}
