package ai.kiana.testkit;

import ai.kiana.core.block.BlockStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link BlockStore} must show, as JUnit tests. A backend's test extends this
 * class and says how to make an empty store and how to make its writes fail; it inherits every test
 * of {@link BlockStoreWriteContract}, {@link BlockStoreReadContract}, {@link
 * BlockStoreQueryContract} and {@link BlockStorePagingContract}.
 *
 * <pre>{@code
 * class SqliteBlockStoreTest extends BlockStoreContract {
 *   protected BlockStore newEmptyStore() { ... }
 *   protected AutoCloseable breakWrites(BlockStore store) { ... }
 * }
 * }</pre>
 *
 * The store is closed after each test; a subclass that needs more clean-up (dropping a schema, say)
 * can close it earlier through {@link #store()}, since closing twice must be harmless.
 */
public abstract class BlockStoreContract
    implements BlockStoreWriteContract,
        BlockStoreReadContract,
        BlockStoreQueryContract,
        BlockStorePagingContract {

  private BlockStore store;
  private TestBlocks blocks;

  /** A store with no blocks, not shared with any other test. */
  protected abstract BlockStore newEmptyStore() throws Exception;

  /** See {@link BlockStoreFixture#breakWrites()}. */
  protected abstract AutoCloseable breakWrites(BlockStore store) throws Exception;

  @BeforeEach
  protected final void openEmptyStore() throws Exception {
    store = newEmptyStore();
    blocks = new TestBlocks();
  }

  @AfterEach
  protected final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public final BlockStore store() {
    return store;
  }

  @Override
  public final TestBlocks blocks() {
    return blocks;
  }

  @Override
  public final AutoCloseable breakWrites() throws Exception {
    return breakWrites(store);
  }
}
