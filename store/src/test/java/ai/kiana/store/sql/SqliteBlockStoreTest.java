package ai.kiana.store.sql;

import ai.kiana.core.block.BlockStore;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.BlockStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The block store contract on SQLite, each test with a fresh database file. */
class SqliteBlockStoreTest extends BlockStoreContract {

  @TempDir Path dir;

  @Override
  protected BlockStore newEmptyStore() {
    return StoreFactory.open(StoreConfig.sqlite(dir.resolve("kiana.db")));
  }

  @Override
  protected AutoCloseable breakWrites(BlockStore store) throws Exception {
    return WriteBreaker.breakWrites(store);
  }
}
