package ai.kiana.store.sql;

import ai.kiana.core.block.BlockStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a SQL store's writes fail partway through a batch, for the contract's atomicity tests.
 * Triggers refuse rows of the tags and supersedes tables, which are written after the block rows of
 * the same batch, by separate statements: when the failure comes, the transaction has already
 * stored blocks that only its rollback can remove. Closing drops the triggers.
 */
final class WriteBreaker implements AutoCloseable {

  private static final List<String> TABLES = List.of("block_tags", "block_supersedes");

  private static final String SQLITE_TRIGGER =
      "CREATE TRIGGER kiana_test_break_%1$s BEFORE INSERT ON %1$s"
          + " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END";
  private static final String POSTGRES_FUNCTION =
      "CREATE FUNCTION kiana_test_break() RETURNS trigger LANGUAGE plpgsql AS"
          + " $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$";
  private static final String POSTGRES_TRIGGER =
      "CREATE TRIGGER kiana_test_break_%1$s BEFORE INSERT ON %1$s"
          + " FOR EACH ROW EXECUTE FUNCTION kiana_test_break()";

  private final SqlBlockStore store;

  private WriteBreaker(SqlBlockStore store) {
    this.store = store;
  }

  static WriteBreaker breakWrites(BlockStore store) throws SQLException {
    WriteBreaker breaker = new WriteBreaker((SqlBlockStore) store);
    List<String> sql = new ArrayList<>();
    switch (breaker.store.database().dialect()) {
      case Dialect.Sqlite sqlite -> TABLES.forEach(t -> sql.add(SQLITE_TRIGGER.formatted(t)));
      case Dialect.Postgres postgres -> {
        sql.add(POSTGRES_FUNCTION);
        TABLES.forEach(t -> sql.add(POSTGRES_TRIGGER.formatted(t)));
      }
    }
    breaker.run(sql);
    return breaker;
  }

  @Override
  public void close() throws SQLException {
    List<String> sql = new ArrayList<>();
    switch (store.database().dialect()) {
      case Dialect.Sqlite sqlite ->
          TABLES.forEach(t -> sql.add("DROP TRIGGER kiana_test_break_" + t));
      case Dialect.Postgres postgres -> sql.add("DROP FUNCTION kiana_test_break() CASCADE");
    }
    run(sql);
  }

  private void run(List<String> statements) throws SQLException {
    try (Connection c = store.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
