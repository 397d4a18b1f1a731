package ai.kiana.testkit.ledger;

import ai.kiana.core.ledger.LedgerStore;

class InMemoryLedgerStoreTest extends LedgerStoreContract {

  @Override
  protected LedgerStore newEmptyStore() {
    return new InMemoryLedgerStore();
  }

  @Override
  protected AutoCloseable breakWrites(LedgerStore store) {
    ((InMemoryLedgerStore) store).failNextWrite();
    return () -> {};
  }
}
