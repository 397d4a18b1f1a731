package ai.kiana.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Storing blocks: idempotency, what putAll reports, atomicity and concurrent writers. */
public interface BlockStoreWriteContract extends BlockStoreFixture {

  @Test
  default void putStoresANewBlockAndSaysItWasNew() {
    KnowledgeBlock b = blocks().fact("Water boils at 100 °C at sea level.");

    assertThat(store().put(b)).isTrue();
    assertThat(store().get(b.id())).contains(b);
  }

  @Test
  default void puttingAStoredBlockAgainChangesNothingAndSaysSo() {
    KnowledgeBlock b = blocks().fact("once");
    store().put(b);

    assertThat(store().put(b)).isFalse();
    assertThat(store().stats().blocks()).isEqualTo(1);
  }

  @Test
  default void putAllCountsOnlyTheBlocksThatWereNew() {
    List<KnowledgeBlock> old = blocks().random(3);
    List<KnowledgeBlock> fresh = blocks().random(2);
    store().putAll(old);

    List<KnowledgeBlock> mixed = new ArrayList<>(old);
    mixed.addAll(fresh);

    assertThat(store().putAll(mixed)).isEqualTo(2);
    assertThat(store().stats().blocks()).isEqualTo(5);
  }

  @Test
  default void putAllOfNothingStoresNothing() {
    assertThat(store().putAll(List.of())).isZero();
    assertThat(store().stats().blocks()).isZero();
  }

  @Test
  default void aBlockTwiceInOneBatchIsStoredOnce() {
    KnowledgeBlock b = blocks().block(BlockType.NOTE, "twice", "in one batch", "dup");

    assertThat(store().putAll(List.of(b, b))).isEqualTo(1);
    assertThat(store().stats().blocks()).isEqualTo(1);
    assertThat(store().query(BlockQuery.all()).blocks()).containsExactly(b);
  }

  @Test
  default void failedPutAllLeavesTheStoreExactlyAsBefore() throws Exception {
    KnowledgeBlock kept = blocks().block(BlockType.FACT, "kept", "stored before the failure", "t");
    store().put(kept);
    List<String> before = exportLines();
    // Tags and supersedes too, so every table a backend writes takes part in the batch.
    List<KnowledgeBlock> batch = new ArrayList<>(blocks().random(20));
    batch.add(blocks().edit(kept, "edited in the failing batch"));
    batch.add(blocks().block(BlockType.NOTE, "tagged", "in the failing batch", "t", "u"));

    try (AutoCloseable broken = breakWrites()) {
      assertThatThrownBy(() -> store().putAll(batch)).isInstanceOf(StoreException.class);
    }

    assertThat(exportLines()).isEqualTo(before);
    assertThat(store().supersedersOf(kept.id())).isEmpty();
    assertThat(store().query(BlockQuery.all()).blocks()).containsExactly(kept);
    assertThat(store().stats().blocks()).isEqualTo(1);
    assertThat(store().newestCreated()).contains(kept.created());
    for (KnowledgeBlock b : batch) {
      assertThat(store().contains(b.id())).as("block %s from the failed batch", b.id()).isFalse();
    }
  }

  @Test
  default void storeTakesWritesAgainAfterAFailedOne() throws Exception {
    KnowledgeBlock first = blocks().fact("first");
    List<KnowledgeBlock> batch = new ArrayList<>(blocks().random(7));
    batch.add(first);
    batch.add(blocks().block(BlockType.NOTE, "", "tagged", "t"));
    batch.add(blocks().edit(first, "second"));
    try (AutoCloseable broken = breakWrites()) {
      assertThatThrownBy(() -> store().putAll(batch)).isInstanceOf(StoreException.class);
    }

    assertThat(store().putAll(batch)).isEqualTo(10);
    assertThat(store().stats().blocks()).isEqualTo(10);
  }

  @Test
  default void largeBatchIsStoredCompletely() {
    List<KnowledgeBlock> batch = blocks().random(3000);

    assertThat(store().putAll(batch)).isEqualTo(3000);
    assertThat(store().stats().blocks()).isEqualTo(3000);
    assertThat(exportLines()).hasSize(3000);
  }

  @Test
  default void concurrentWritersAndReadersLoseNothing() throws Exception {
    int writers = 4;
    int perWriter = 100;
    List<List<KnowledgeBlock>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      work.add(new TestBlocks(10 + w).random(perWriter));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<KnowledgeBlock> mine : work) {
        running.add(pool.submit(() -> mine.forEach(store()::put)));
      }
      for (int r = 0; r < 2; r++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    store().query(BlockQuery.all());
                    store().stats();
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store().stats().blocks()).isEqualTo((long) writers * perWriter);
    for (List<KnowledgeBlock> mine : work) {
      mine.forEach(b -> assertThat(store().get(b.id())).contains(b));
    }
  }

  private List<String> exportLines() {
    List<String> lines = new ArrayList<>();
    store().forEach(b -> lines.add(BlockCodec.toJson(b)));
    return lines;
  }
}
