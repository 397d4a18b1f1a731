package ai.kiana.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.store.sql.Database;
import ai.kiana.store.sql.SqlBlockStore;
import ai.kiana.testkit.ledger.LedgerStoreContract;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger store contract for {@link SqlLedgerStore} on one database, plus what only the SQL
 * store promises: stored JSON that reads back as the same canonical text, a head that can only name
 * a stored block (with a message saying so), and one database shared with the block store. A
 * backend's test says how to open fresh {@link Stores} and how to make writes fail.
 */
abstract class SqlLedgerStoreContract extends LedgerStoreContract {

  Stores stores;

  /** Stores over a database with no blocks, not shared with any other test. */
  abstract Stores openEmptyStores() throws Exception;

  /** SQL that makes writes of the head fail, and SQL that undoes it. */
  abstract List<String> breakHeadSql();

  abstract List<String> mendHeadSql();

  @Override
  protected final LedgerStore newEmptyStore() throws Exception {
    stores = openEmptyStores();
    return stores.ledger();
  }

  /**
   * Makes writes of {@code ledger_head} fail: a put then fails after its block row is written, so
   * only the transaction's rollback can remove that row.
   */
  @Override
  protected final AutoCloseable breakWrites(LedgerStore store) throws Exception {
    run(breakHeadSql());
    return () -> run(mendHeadSql());
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void aStoredBlockReadsBackAsTheSameCanonicalJson() {
    List<LedgerBlock> chain = ledger().chain(3);
    chain.forEach(b -> store().put(b, b.hash()));

    for (LedgerBlock b : chain) {
      assertThat(LedgerBlockCodec.toJson(store().get(b.hash()).orElseThrow()))
          .isEqualTo(LedgerBlockCodec.toJson(b));
    }
  }

  @Test
  void theHeadCannotNameABlockThatIsNotStored() {
    List<LedgerBlock> chain = ledger().chain(1);
    store().put(chain.get(0), chain.get(0).hash());

    assertThatThrownBy(() -> store().setHead(chain.get(1).hash()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(chain.get(1).hash())
        .hasMessageContaining("not stored");
    assertThat(store().head()).contains(chain.get(0).hash());
  }

  @Test
  void aPutWhoseNewHeadIsNotStoredStoresNothing() {
    List<LedgerBlock> chain = ledger().chain(2);
    store().put(chain.get(0), chain.get(0).hash());

    assertThatThrownBy(() -> store().put(chain.get(1), chain.get(2).hash()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store().get(chain.get(1).hash())).isEmpty();
    assertThat(store().count()).isEqualTo(1);
    assertThat(store().head()).contains(chain.get(0).hash());
  }

  @Test
  void theLedgerSharesItsDatabaseWithTheKnowledgeBlocks() {
    store().put(ledger().genesis(), ledger().genesis().hash());

    assertThat(stores.blocks().stats().blocks()).isZero();
    assertThat(store().count()).isEqualTo(1);
  }

  Database database() {
    return ((SqlBlockStore) stores.blocks()).database();
  }

  private void run(List<String> sql) throws SQLException {
    database()
        .write(
            c -> {
              try (Statement s = c.createStatement()) {
                for (String statement : sql) {
                  s.execute(statement);
                }
              }
              return null;
            });
  }
}
