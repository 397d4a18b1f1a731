package ai.kiana.store.ledger;

import static org.junit.jupiter.api.Assertions.fail;

import ai.kiana.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;

/**
 * The ledger store contract on PostgreSQL (KIANA_TEST_PG_URL / _USER / _PASSWORD), each test in a
 * fresh schema; skipped without a server except in CI, like the block store's PostgreSQL tests.
 */
@Tag("postgres")
class PostgresLedgerStoreTest extends SqlLedgerStoreContract {

  private String url;
  private String user;
  private String password;
  private String schema;

  // Checked per test, not per class: a skipped test then shows up as skipped, with the reason.
  @Override
  Stores openEmptyStores() throws SQLException {
    url = System.getenv("KIANA_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("PostgreSQL tests need KIANA_TEST_PG_URL; .ci/run sets it");
      }
      Assumptions.abort(
          "PostgreSQL tests skipped: KIANA_TEST_PG_URL is not set;"
              + " run eval \"$(.ci/postgres-up)\" first to start a local server and set it");
    }
    user = System.getenv("KIANA_TEST_PG_USER");
    password = System.getenv("KIANA_TEST_PG_PASSWORD");
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    schema = "kiana_test_" + HexFormat.of().formatHex(random);
    execute("CREATE SCHEMA " + schema);
    return Stores.open(
        new StoreConfig(
            url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password));
  }

  @Override
  List<String> breakHeadSql() {
    return List.of(
        "CREATE FUNCTION kiana_test_break() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$",
        "CREATE TRIGGER kiana_test_break BEFORE INSERT OR UPDATE ON ledger_head"
            + " FOR EACH ROW EXECUTE FUNCTION kiana_test_break()");
  }

  @Override
  List<String> mendHeadSql() {
    return List.of("DROP FUNCTION kiana_test_break() CASCADE");
  }

  // Runs before the base class's clean-up: the pool must be closed before the schema goes.
  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      stores.close();
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
