package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class ClusterConvergenceTest {

  @TempDir Path dir;

  @Test
  void fiveNodesInAFullMeshConverge() {
    try (SyncCluster c = new SyncCluster(dir, 5)) {
      for (HarnessNode n : c.nodes()) {
        n.teachMany("mesh from " + n.number(), 100);
      }
      c.mesh();
      c.awaitConverged(Duration.ofSeconds(60));
      assertThat(c.node(4).blocks()).isEqualTo(500);
    }
  }

  @Test
  void fiveNodesInALineConvergeThroughTheirNeighbours() {
    try (SyncCluster c = new SyncCluster(dir, 5)) {
      c.line();
      for (HarnessNode n : c.nodes()) {
        n.teachMany("line from " + n.number(), 60);
      }
      c.awaitConverged(Duration.ofSeconds(60));
      KnowledgeBlock late = c.node(0).teach("travels four hops");
      SyncCluster.await(
          () -> c.node(4).store().contains(late.id()), Duration.ofSeconds(30), () -> "4 hops");
      assertThat(c.node(4).blocks()).isEqualTo(301);
    }
  }

  @Test
  void fiftyNodesWithSmallDataSetsConverge() {
    try (SyncCluster c = new SyncCluster(dir, 50)) {
      c.line();
      Random random = new Random(50);
      for (int i = 0; i < 25; i++) {
        int a = random.nextInt(50);
        int b = random.nextInt(50);
        if (Math.abs(a - b) > 1) {
          c.link(Math.min(a, b), Math.max(a, b));
        }
      }
      for (HarnessNode n : c.nodes()) {
        n.teachMany("small set of " + n.number(), 4);
      }
      c.awaitConverged(Duration.ofSeconds(120));
      assertThat(c.nodes()).allSatisfy(n -> assertThat(n.blocks()).isEqualTo(200));
    }
  }

  @Test
  void twoHalvesThatWroteDuringAPartitionConvergeAfterHealingAndKeepBothEdits() {
    try (SyncCluster c = new SyncCluster(dir, 6)) {
      c.mesh();
      KnowledgeBlock shared = c.node(0).teach("the meeting is on Monday");
      c.awaitConverged(Duration.ofSeconds(60));
      for (int a = 0; a < 3; a++) {
        for (int b = 3; b < 6; b++) {
          c.cut(a, b);
        }
      }
      SyncCluster.await(
          () -> c.nodes().stream().allMatch(n -> n.connectedPeers().size() == 2),
          Duration.ofSeconds(30),
          () -> "partition");
      List<HarnessNode> left = c.nodes().subList(0, 3);
      List<HarnessNode> right = c.nodes().subList(3, 6);
      KnowledgeBlock editLeft = c.node(1).knowledge().add(edit(shared, "Tuesday"));
      KnowledgeBlock editRight = c.node(4).knowledge().add(edit(shared, "Wednesday"));
      c.node(2).teachMany("left side", 50);
      c.node(5).teachMany("right side", 70);
      c.awaitConverged(left, Duration.ofSeconds(60));
      c.awaitConverged(right, Duration.ofSeconds(60));
      assertThat(c.node(0).root()).isNotEqualTo(c.node(3).root());

      for (int a = 0; a < 3; a++) {
        for (int b = 3; b < 6; b++) {
          c.link(a, b);
        }
      }
      c.awaitConverged(Duration.ofSeconds(60));
      assertThat(c.node(3).blocks()).isEqualTo(1 + 2 + 50 + 70);
      // Both concurrent edits survive side by side: the conflict stays visible until resolved.
      assertThat(c.node(0).store().supersedersOf(shared.id()))
          .containsExactlyInAnyOrder(editLeft.id(), editRight.id());
      for (HarnessNode n : c.nodes()) {
        assertThat(n.knowledge().view(shared.id()).conflict())
            .containsExactlyInAnyOrder(editLeft.id(), editRight.id());
      }
      // A block superseding both edits resolves the conflict everywhere.
      KnowledgeBlock resolved =
          c.node(5)
              .knowledge()
              .add(
                  new ai.kiana.core.block.BlockDraft(
                      shared.type(),
                      shared.title(),
                      "Tuesday, moved from Wednesday",
                      shared.lang(),
                      shared.tags(),
                      shared.source(),
                      List.of(editLeft.id(), editRight.id()),
                      shared.scope()));
      c.awaitConverged(Duration.ofSeconds(60));
      for (HarnessNode n : c.nodes()) {
        assertThat(n.knowledge().view(shared.id()).conflict()).isEmpty();
        assertThat(n.store().contains(resolved.id())).isTrue();
      }
    }
  }

  private static ai.kiana.core.block.BlockDraft edit(KnowledgeBlock old, String content) {
    return new ai.kiana.core.block.BlockDraft(
        old.type(),
        old.title(),
        content,
        old.lang(),
        old.tags(),
        old.source(),
        List.of(old.id()),
        old.scope());
  }

  @Test
  void aNodeCrashedInTheMiddleOfASyncRestartsIntactAndCatchesUp() {
    try (SyncCluster c = new SyncCluster(dir, 2)) {
      c.node(0).teachMany("big set", 4000);
      c.link(1, 0);
      HarnessNode b = c.node(1);
      SyncCluster.await(() -> b.blocks() > 0, Duration.ofSeconds(30), () -> "sync started");
      long before = b.blocks();
      b.stop(true);
      b.start();
      assertThat(b.knowledge().verifyAll().failures()).isEmpty();
      assertThat(b.store().stats().blocks())
          .isGreaterThanOrEqualTo(before)
          .isLessThanOrEqualTo(4000);
      c.awaitConverged(Duration.ofSeconds(60));
      assertThat(b.blocks()).isEqualTo(4000);
    }
  }
}
