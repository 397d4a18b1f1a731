package ai.kiana.net.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.net.protocol.SyncFilter;
import ai.kiana.net.sync.BlockIndex;
import ai.kiana.net.sync.SharedFilter;
import ai.kiana.testkit.TestBlocks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reconciling over the blocks both sides follow: a phone's filtered set against a full node's large
 * set finds exactly the difference inside the filter, for bytes that grow with that difference, not
 * with what the filter leaves out.
 */
class SelectiveReconcileTest {

  static final long DAY = 86_400_000L;
  static final long NOW = 1_790_000_000_000L;

  final TestBlocks full = new TestBlocks(1);
  final TestBlocks phone = new TestBlocks(2);
  final SyncFilter phoneFollows =
      new SyncFilter(EnumSet.allOf(Scope.class), Set.of("garden"), NOW - 30 * DAY);
  final SharedFilter shared =
      SharedFilter.of(
          phone.identity().deviceId(), phoneFollows, full.identity().deviceId(), SyncFilter.ALL);

  KnowledgeBlock block(TestBlocks who, String content, long ageDays, int i, String... tags) {
    return who.signAt(
        TestBlocks.draft(BlockType.FACT, "", content + " " + i, tags),
        new HlcTimestamp(NOW - ageDays * DAY + i, 0));
  }

  @Test
  void aFilteredPhoneAndAFullNodeReconcileOnlyTheDifferenceInsideTheFilter() {
    List<KnowledgeBlock> matching = new ArrayList<>();
    List<KnowledgeBlock> outside = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      matching.add(block(full, "garden", 1 + i % 20, i, "garden"));
    }
    for (int i = 0; i < 3000; i++) {
      outside.add(
          switch (i % 3) {
            case 0 -> block(full, "old garden", 31 + i % 300, i, "garden");
            case 1 -> block(full, "kitchen", i % 20, i, "kitchen");
            default -> block(full, "untagged", i % 400, i);
          });
    }
    List<KnowledgeBlock> own = List.of(block(phone, "phone note", 2, 1, "kitchen"));
    BlockIndex fullIndex = new BlockIndex();
    fullIndex.stored(matching);
    fullIndex.stored(outside);
    BlockIndex phoneIndex = new BlockIndex();
    phoneIndex.stored(matching.subList(3, matching.size()));
    phoneIndex.stored(own);
    // Blocks the phone kept from when it followed more: outside the filter, not reconciled.
    phoneIndex.stored(outside.subList(0, 40));

    ReconcilerTest.Outcome o =
        ReconcilerTest.exchange(
            keys(phoneIndex.snapshot(shared)), keys(fullIndex.snapshot(shared)));

    assertThat(o.aGets()).isEqualTo(keysOf(matching.subList(0, 3)));
    assertThat(o.bGets()).isEqualTo(keysOf(own));
    long naive = 40L * (matching.size() + outside.size());
    System.out.printf(
        "filtered reconciliation: %d bytes in %d rounds; naive id list of the full set: %d bytes%n",
        o.bytes(), o.rounds(), naive);
    assertThat(o.bytes()).as("bytes against a naive id list of %d", naive).isLessThan(naive / 20);
  }

  @Test
  void bothSidesBuildTheSameFilterWhicheverSideTheyAre() {
    SharedFilter other =
        SharedFilter.of(
            full.identity().deviceId(), SyncFilter.ALL, phone.identity().deviceId(), phoneFollows);
    assertThat(other).isEqualTo(shared);
    KnowledgeBlock own = block(phone, "phone note", 90, 1, "kitchen");
    KnowledgeBlock fullsOld = block(full, "old", 90, 1, "garden");
    assertThat(other.matches(own)).isTrue();
    assertThat(other.matches(fullsOld)).isFalse();
  }

  static Set<ItemKey> keys(ItemSet s) {
    Set<ItemKey> out = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(s.get(i));
    }
    return out;
  }

  static Set<ItemKey> keysOf(List<KnowledgeBlock> blocks) {
    Set<ItemKey> out = new HashSet<>();
    blocks.forEach(b -> out.add(ItemKey.of(b)));
    return out;
  }
}
