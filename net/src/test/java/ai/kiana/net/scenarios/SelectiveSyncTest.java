package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone-like node follows one tag and the last 30 days from two full nodes: it ends up with
 * exactly that subset (plus what it wrote itself), the full nodes with everything, and widening the
 * filter at run time pulls the rest of what it now admits.
 */
@Tag("slow")
class SelectiveSyncTest {

  static final long DAY = Duration.ofDays(1).toMillis();

  @TempDir Path dir;

  record Made(KnowledgeBlock block, String tag, long ageDays) {}

  @Test
  void phoneFollowingOneTagAndThirtyDaysGetsExactlyThatSubsetWhileFullNodesGetEverything()
      throws InterruptedException {
    try (SyncCluster c = new SyncCluster(dir, 3)) {
      HarnessNode full0 = c.node(0);
      HarnessNode full1 = c.node(1);
      HarnessNode phone = c.node(2);
      phone.restartFollowing(
          new FollowPolicy(
              EnumSet.allOf(Scope.class), Set.of("garden"), FollowPolicy.parseSince("30d")));

      long now = System.currentTimeMillis();
      List<Made> made = new ArrayList<>();
      TestBlocks author0 = new TestBlocks(full0.number());
      TestBlocks author1 = new TestBlocks(full1.number());
      made.addAll(make(full0, author0, now, "garden", 5, 3));
      made.addAll(make(full0, author0, now, "garden", 60, 2));
      made.addAll(make(full0, author0, now, "kitchen", 3, 3));
      made.addAll(make(full0, author0, now, null, 1, 2));
      made.addAll(make(full1, author1, now, "garden", 10, 2));
      made.addAll(make(full1, author1, now, "kitchen", 90, 2));
      // The phone's own note is outside its filter: it must still reach the full nodes.
      KnowledgeBlock own =
          phone.knowledge().add(TestBlocks.draft(BlockType.NOTE, "", "phone note", "kitchen"));

      c.link(1, 0);
      c.link(2, 0);
      // The two full nodes may agree before the phone's note has reached either: wait for all.
      SyncCluster.await(
          () -> full0.blocks() == made.size() + 1,
          Duration.ofSeconds(30),
          () -> "full node has " + full0.blocks() + " of " + (made.size() + 1));
      c.awaitConverged(List.of(full0, full1), Duration.ofSeconds(30));
      assertThat(full0.store().contains(own.id())).isTrue();

      Set<BlockId> expected =
          ids(made.stream().filter(m -> "garden".equals(m.tag()) && m.ageDays() <= 30));
      expected.add(own.id());
      SyncCluster.await(
          () -> phone.blocks() == expected.size(),
          Duration.ofSeconds(20),
          () -> "phone has " + phone.blocks() + " of " + expected.size());
      // Anti-entropy runs several more times: nothing outside the filter is offered or sent.
      Thread.sleep(4 * HarnessNode.FAST_ANTI_ENTROPY.toMillis());
      assertThat(storedIds(phone)).isEqualTo(expected);
      // The phone's own exchanges end too (it may have got everything from the other side's).
      SyncCluster.await(
          () -> phone.network().peers().stream().anyMatch(v -> v.lastSync() != null),
          Duration.ofSeconds(10),
          () -> "phone's peers: " + phone.network().peers());
      assertThat(phone.network().peers()).allSatisfy(v -> assertThat(v.declined()).isZero());

      // Live pushes respect the filter too: the matching block arrives, the other never does.
      KnowledgeBlock untagged = full0.teach("not for the phone");
      KnowledgeBlock garden =
          full0.knowledge().add(TestBlocks.draft(BlockType.NOTE, "", "roses", "garden"));
      SyncCluster.await(
          () -> phone.store().contains(garden.id()), Duration.ofSeconds(10), () -> "push");
      SyncCluster.await(
          () -> full1.store().contains(untagged.id()), Duration.ofSeconds(10), () -> "full");
      Thread.sleep(2 * HarnessNode.FAST_ANTI_ENTROPY.toMillis());
      assertThat(phone.store().contains(untagged.id())).isFalse();
      assertThat(phone.network().peers().getFirst().declined()).isZero();

      // Widening the filter while running: the next sync pulls everything it now admits.
      phone
          .network()
          .follow(
              new FollowPolicy(
                  EnumSet.allOf(Scope.class),
                  Set.of("garden", "kitchen"),
                  FollowPolicy.parseSince("all")));
      Set<BlockId> wider = ids(made.stream().filter(m -> m.tag() != null));
      wider.add(own.id());
      wider.add(garden.id());
      SyncCluster.await(
          () -> phone.blocks() == wider.size(),
          Duration.ofSeconds(20),
          () -> "phone has " + phone.blocks() + " of " + wider.size());
      Thread.sleep(2 * HarnessNode.FAST_ANTI_ENTROPY.toMillis());
      assertThat(storedIds(phone)).isEqualTo(wider);
      assertThat(c.converged(List.of(full0, full1))).isTrue();
      assertThat(full1.blocks()).isEqualTo(made.size() + 3);
    }
  }

  private static List<Made> make(
      HarnessNode node, TestBlocks author, long now, String tag, long ageDays, int n) {
    List<Made> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BlockDraft d =
          tag == null
              ? TestBlocks.draft(BlockType.FACT, "", "untagged " + ageDays + " " + i)
              : TestBlocks.draft(BlockType.FACT, "", tag + " " + ageDays + " " + i, tag);
      KnowledgeBlock b = author.signAt(d, new HlcTimestamp(now - ageDays * DAY + i, 0));
      out.add(new Made(b, tag, ageDays));
    }
    node.knowledge().storeVerified(out.stream().map(Made::block).toList());
    return out;
  }

  private static Set<BlockId> ids(java.util.stream.Stream<Made> made) {
    return made.map(m -> m.block().id()).collect(Collectors.toCollection(HashSet::new));
  }

  private static Set<BlockId> storedIds(HarnessNode node) {
    Set<BlockId> out = new HashSet<>();
    node.store().forEachKey(k -> out.add(k.id()));
    return out;
  }
}
