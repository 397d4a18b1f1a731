package ai.kiana.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.StoreStats;
import ai.kiana.core.clock.HlcTimestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading blocks back: exact round trips, superseders, the full walk, stats and the newest time.
 */
public interface BlockStoreReadContract extends BlockStoreFixture {

  @Test
  default void storedBlockReadsBackWithEveryFieldExactlyAsSigned() {
    KnowledgeBlock b = blocks().fullBlock("Der Zug nach Graz fährt um 7:05 ab.");
    store().put(b);

    KnowledgeBlock read = store().get(b.id()).orElseThrow();

    assertThat(read).isEqualTo(b);
    assertThat(BlockCodec.toJson(read)).isEqualTo(BlockCodec.toJson(b));
  }

  @Test
  default void getAllReadsBlocksInTheOrderAskedAndSkipsUnknownIds() {
    KnowledgeBlock a = blocks().fullBlock("Retrieval loads its top passages at once: ä 😀");
    KnowledgeBlock b = blocks().fact("the second passage");
    KnowledgeBlock c = blocks().fact("the third passage");
    store().putAll(List.of(a, b, c));
    KnowledgeBlock absent = blocks().fact("never stored");

    assertThat(store().getAll(List.of(c.id(), absent.id(), a.id(), b.id())))
        .containsExactly(c, a, b);
    assertThat(store().getAll(List.of(b.id()))).containsExactly(b);
    assertThat(store().getAll(List.of(absent.id()))).isEmpty();
    assertThat(store().getAll(List.of())).isEmpty();
  }

  @Test
  default void jsonOfGivesTheCanonicalJsonAndScopeOfStoredBlocksAndSkipsUnknownIds() {
    KnowledgeBlock a = blocks().fullBlock("Sync sends blocks as they are stored: ä 😀");
    KnowledgeBlock b = blocks().fact("a second one");
    store().putAll(List.of(a, b));
    KnowledgeBlock absent = blocks().fact("never stored");

    List<BlockStore.StoredJson> got = store().jsonOf(List.of(b.id(), absent.id(), a.id()));

    assertThat(got)
        .containsExactlyInAnyOrder(
            new BlockStore.StoredJson(a.id(), a.scope(), BlockCodec.toJson(a)),
            new BlockStore.StoredJson(b.id(), b.scope(), BlockCodec.toJson(b)));
    assertThat(store().jsonOf(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Grüße aus Köln: Äpfel, Öl, Übermaß, Straße",
        "emoji 😀 👩‍👩‍👧‍👦 🇦🇹 ❤️",
        "שלום עולם — مرحبا بالعالم — mixed RTL and LTR",
        "漢字 かな カナ 한국어 हिन्दी",
        "combining e\u0301 beside precomposed é",
        "quote \" backslash \\ slash / newline \n tab \t cr \r",
        "controls \u0000 \u0001 \u001f and separators \u2028 \u2029",
        "astral 𝄞 𐍈 and a BOM \ufeff",
        "  leading and trailing spaces  "
      })
  default void textRoundTripsExactly(String text) {
    KnowledgeBlock b =
        blocks()
            .sign(
                new BlockDraft(
                    BlockType.NOTE,
                    "Titel: " + text.strip(),
                    text,
                    "de",
                    List.of("küche", "🍎"),
                    null,
                    List.of(),
                    Scope.PRIVATE));
    store().put(b);

    KnowledgeBlock read = store().get(b.id()).orElseThrow();

    assertThat(read.content()).isEqualTo(text);
    assertThat(BlockCodec.toJson(read)).isEqualTo(BlockCodec.toJson(b));
  }

  @Test
  default void largestAllowedContentRoundTrips() {
    String content = "ä€😀x".repeat(200_000);
    KnowledgeBlock b = blocks().sign(BlockDraft.fact(content));
    store().put(b);

    assertThat(store().get(b.id()).orElseThrow().content()).isEqualTo(content);
  }

  @Test
  default void unknownIdIsAbsent() {
    store().put(blocks().fact("something else"));
    BlockId unknown = new BlockId("0".repeat(64));

    assertThat(store().get(unknown)).isEmpty();
    assertThat(store().contains(unknown)).isFalse();
  }

  @Test
  default void containsTellsAStoredBlock() {
    KnowledgeBlock b = blocks().fact("here");
    store().put(b);

    assertThat(store().contains(b.id())).isTrue();
  }

  @Test
  default void blockThatNobodySupersedesHasNoSuperseders() {
    KnowledgeBlock b = blocks().fact("alone");
    store().put(b);

    assertThat(store().supersedersOf(b.id())).isEmpty();
    assertThat(store().supersedersOf(new BlockId("f".repeat(64)))).isEmpty();
  }

  @Test
  default void supersedersAreListedOldestFirst() {
    KnowledgeBlock original = blocks().fact("v1");
    blocks().clock().advance(Duration.ofSeconds(1));
    KnowledgeBlock edit = blocks().edit(original, "v2");
    blocks().clock().advance(Duration.ofSeconds(1));
    KnowledgeBlock retraction = blocks().retraction(original);
    // Stored newest first, as sync may deliver them.
    store().putAll(List.of(retraction, edit, original));

    assertThat(store().supersedersOf(original.id())).containsExactly(edit.id(), retraction.id());
  }

  @Test
  default void supersederStoredBeforeItsTargetStillCounts() {
    KnowledgeBlock original = blocks().fact("v1");
    KnowledgeBlock edit = blocks().edit(original, "v2");
    store().put(edit);

    assertThat(store().supersedersOf(original.id())).containsExactly(edit.id());
    store().put(original);
    assertThat(store().supersedersOf(original.id())).containsExactly(edit.id());
  }

  @Test
  default void forEachVisitsEveryBlockOldestFirstWithTiesById() {
    List<KnowledgeBlock> all = new ArrayList<>(blocks().random(40));
    HlcTimestamp shared = new HlcTimestamp(blocks().clock().millis() + 5_000, 7);
    for (int i = 0; i < 5; i++) {
      all.add(blocks().signAt(BlockDraft.fact("same moment " + i), shared));
    }
    List<KnowledgeBlock> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new java.util.Random(7));
    store().putAll(shuffled);

    List<KnowledgeBlock> seen = new ArrayList<>();
    store().forEach(seen::add);

    all.sort(InMemoryBlockStore.OLDEST_FIRST);
    assertThat(seen).containsExactlyElementsOf(all);
  }

  @Test
  default void forEachKeyVisitsTheKeysOfForEachInTheSameOrder() {
    BlockStore store = store();
    TestBlocks device = new TestBlocks(5);
    KnowledgeBlock first = device.fact("one");
    KnowledgeBlock second = device.fact("two");
    KnowledgeBlock sameTime = device.signAt(BlockDraft.fact("three"), first.created());
    KnowledgeBlock tagged =
        device.sign(TestBlocks.draft(BlockType.NOTE, "t", "four", "phone", "garden"));
    store.putAll(List.of(second, sameTime, first, tagged));
    List<String> viaBlocks = new java.util.ArrayList<>();
    store.forEach(
        b ->
            viaBlocks.add(
                b.created()
                    + " "
                    + b.id().hex()
                    + " "
                    + b.scope()
                    + " "
                    + b.author()
                    + " "
                    + new java.util.TreeSet<>(b.tags())));
    List<String> viaKeys = new java.util.ArrayList<>();
    store.forEachKey(
        k ->
            viaKeys.add(
                k.created()
                    + " "
                    + k.id().hex()
                    + " "
                    + k.scope()
                    + " "
                    + k.author()
                    + " "
                    + new java.util.TreeSet<>(k.tags())));
    assertThat(viaKeys).hasSize(4).isEqualTo(viaBlocks);
  }

  @Test
  default void forEachDoesNotSeeBlocksWrittenDuringTheWalk() {
    store().putAll(blocks().random(50));
    KnowledgeBlock late = blocks().fact("written while walking");

    List<KnowledgeBlock> seen = new ArrayList<>();
    store()
        .forEach(
            b -> {
              if (seen.isEmpty()) {
                store().put(late);
              }
              seen.add(b);
            });

    assertThat(seen).hasSize(50).doesNotContain(late).doesNotHaveDuplicates();
    assertThat(store().contains(late.id())).isTrue();
  }

  @Test
  default void forEachOverAnEmptyStoreVisitsNothing() {
    List<KnowledgeBlock> seen = new ArrayList<>();
    store().forEach(seen::add);

    assertThat(seen).isEmpty();
  }

  @Test
  default void statsCountBlocksByType() {
    KnowledgeBlock fact = blocks().fact("one");
    store()
        .putAll(
            List.of(
                fact,
                blocks().fact("two"),
                blocks().block(BlockType.NOTE, "", "three"),
                blocks().retraction(fact)));

    StoreStats stats = store().stats();

    assertThat(stats.blocks()).isEqualTo(4);
    assertThat(stats.byType().getOrDefault(BlockType.FACT, 0L)).isEqualTo(2);
    assertThat(stats.byType().getOrDefault(BlockType.NOTE, 0L)).isEqualTo(1);
    assertThat(stats.byType().getOrDefault(BlockType.RETRACTION, 0L)).isEqualTo(1);
    assertThat(stats.byType().getOrDefault(BlockType.CHAT, 0L)).isZero();
    assertThat(stats.backend()).isNotBlank();
    assertThat(stats.bytes()).isGreaterThanOrEqualTo(-1);
  }

  @Test
  default void emptyStoreHasNoNewestCreated() {
    assertThat(store().newestCreated()).isEmpty();
    assertThat(store().stats().blocks()).isZero();
  }

  @Test
  default void newestCreatedIsTheLatestEvenWhenStoredOutOfOrder() {
    List<KnowledgeBlock> made = blocks().random(10);
    List<KnowledgeBlock> reversed = new ArrayList<>(made);
    Collections.reverse(reversed);
    reversed.forEach(store()::put);

    assertThat(store().newestCreated()).contains(made.get(9).created());
  }
}
