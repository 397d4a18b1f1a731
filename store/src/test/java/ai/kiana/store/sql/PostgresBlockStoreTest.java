package ai.kiana.store.sql;

import ai.kiana.core.block.BlockStore;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.BlockStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The block store contract on PostgreSQL, each test in a fresh schema. */
@Tag("postgres")
class PostgresBlockStoreTest extends BlockStoreContract {

  private PostgresTestDatabase pg;
  private String schema;

  // Checked per test, not per class: a skipped test then shows up as skipped, with the reason.
  @Override
  protected BlockStore newEmptyStore() throws Exception {
    pg = PostgresTestDatabase.fromEnvironment();
    schema = pg.createSchema();
    return StoreFactory.open(pg.configFor(schema));
  }

  @Override
  protected AutoCloseable breakWrites(BlockStore store) throws Exception {
    return WriteBreaker.breakWrites(store);
  }

  // Runs before the contract's own clean-up: the pool must be closed before the schema goes.
  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      store().close();
      pg.dropSchema(schema);
    }
  }
}
