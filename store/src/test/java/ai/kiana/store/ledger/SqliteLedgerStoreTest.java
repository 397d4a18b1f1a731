package ai.kiana.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.sql.Migrations;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger store contract on SQLite, each test with a fresh database file. */
class SqliteLedgerStoreTest extends SqlLedgerStoreContract {

  private static final String RAISE = " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END";

  @TempDir Path dir;

  @Override
  Stores openEmptyStores() {
    return Stores.open(StoreConfig.sqlite(dir.resolve("kiana.db")));
  }

  @Override
  List<String> breakHeadSql() {
    return List.of(
        "CREATE TRIGGER kiana_test_break_insert BEFORE INSERT ON ledger_head" + RAISE,
        "CREATE TRIGGER kiana_test_break_update BEFORE UPDATE ON ledger_head" + RAISE);
  }

  @Override
  List<String> mendHeadSql() {
    return List.of("DROP TRIGGER kiana_test_break_insert", "DROP TRIGGER kiana_test_break_update");
  }

  @Test
  void theLedgerAndItsHeadSurviveAReopen() {
    List<LedgerBlock> chain = ledger().chain(2);
    chain.forEach(b -> store().put(b, b.hash()));
    stores.close();

    try (Stores reopened = openEmptyStores()) {
      assertThat(reopened.ledger().head()).contains(chain.get(2).hash());
      assertThat(reopened.ledger().get(chain.get(1).hash())).contains(chain.get(1));
      assertThat(reopened.ledger().count()).isEqualTo(3);
    }
  }

  @Test
  void theLedgerTablesArriveWithSchemaVersion3() throws Exception {
    int version =
        database()
            .read(
                c -> {
                  try (Statement s = c.createStatement();
                      ResultSet rs =
                          s.executeQuery(
                              "SELECT version FROM "
                                  + Migrations.HISTORY_TABLE
                                  + " WHERE description = 'ledger'")) {
                    return rs.next() ? Integer.parseInt(rs.getString(1)) : -1;
                  }
                });
    assertThat(version).isEqualTo(3);
  }
}
