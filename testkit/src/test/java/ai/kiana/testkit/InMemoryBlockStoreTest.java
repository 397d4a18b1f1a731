package ai.kiana.testkit;

import ai.kiana.core.block.BlockStore;

class InMemoryBlockStoreTest extends BlockStoreContract {

  @Override
  protected BlockStore newEmptyStore() {
    return new InMemoryBlockStore();
  }

  @Override
  protected AutoCloseable breakWrites(BlockStore store) {
    ((InMemoryBlockStore) store).failNextWrite();
    return () -> {};
  }
}
