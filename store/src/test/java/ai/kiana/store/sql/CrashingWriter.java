package ai.kiana.store.sql;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link SqliteCrashTest}: signs a large batch, says "writing", stores it in
 * one putAll, says "done". The test kills it in between.
 */
public final class CrashingWriter {

  private CrashingWriter() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    TestBlocks blocks = new TestBlocks(9);
    // About 8 KB of content a block (stored twice: JSON and search text), so the test's batch of
    // 12,000 is three times the writer's page cache (SqliteDatabase.WRITER_CACHE_KIB) and spills to
    // the WAL long before its commit.
    String padding = "padding ".repeat(1000);
    List<KnowledgeBlock> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batch.add(blocks.fullBlock("block " + i + " " + padding));
    }
    try (BlockStore store = StoreFactory.open(StoreConfig.sqlite(file))) {
      System.out.println("writing");
      System.out.flush();
      store.putAll(batch);
      System.out.println("done");
    }
  }
}
