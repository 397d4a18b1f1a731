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
      // The counter follows the store by a moment (it counts what the store took).
      SyncCluster.await(
          () ->
              c.node(0).store().contains(b.id())
                  && c.node(0).network().peers().get(0).blocksIn() == 1,
          Duration.ofSeconds(10),
          () -> "push");
      var peers = c.node(0).network().peers();
      assertThat(peers)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.state()).isEqualTo("connected");
                assertThat(p.connection()).isEqualTo("wss-outbound");
                assertThat(p.blocksIn()).isEqualTo(1);
              });
    }
  }

  @Test
  void aNodeFollowingOneScopeGetsOnlyThoseBlocksAndIsNotSentTheOthersAgain()
      throws InterruptedException {
    try (SyncCluster c = new SyncCluster(dir, 2)) {
      c.node(1).restartFollowing(java.util.Set.of(ai.kiana.core.block.Scope.HOUSEHOLD));
      for (int i = 0; i < 5; i++) {
        c.node(0).knowledge().add(scoped("private " + i, ai.kiana.core.block.Scope.PRIVATE));
        c.node(0).knowledge().add(scoped("shared " + i, ai.kiana.core.block.Scope.HOUSEHOLD));
      }
      c.link(1, 0);
      SyncCluster.await(() -> c.node(1).blocks() == 5, Duration.ofSeconds(20), () -> "5 shared");
      // Several anti-entropy rounds pass: nothing outside the scope is offered or sent.
      long rounds = c.node(1).network().peers().getFirst().blocksIn();
      Thread.sleep(3 * ai.kiana.net.harness.HarnessNode.FAST_ANTI_ENTROPY.toMillis());
      var view = c.node(1).network().peers().getFirst();
      assertThat(view.lastSync()).isNotNull();
      assertThat(view.blocksIn()).isEqualTo(rounds).isEqualTo(5);
      assertThat(view.declined()).isZero();
      assertThat(c.node(1).blocks()).isEqualTo(5);

      KnowledgeBlock back =
          c.node(1).knowledge().add(scoped("from the phone", ai.kiana.core.block.Scope.HOUSEHOLD));
      SyncCluster.await(
          () -> c.node(0).store().contains(back.id()), Duration.ofSeconds(10), () -> "back");
    }
  }

  static ai.kiana.core.block.BlockDraft scoped(String content, ai.kiana.core.block.Scope scope) {
    return new ai.kiana.core.block.BlockDraft(
        ai.kiana.core.block.BlockType.FACT,
        "",
        content,
        null,
        java.util.List.of(),
        null,
        java.util.List.of(),
        scope);
  }
}
