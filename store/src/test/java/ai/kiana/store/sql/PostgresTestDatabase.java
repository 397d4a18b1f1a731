package ai.kiana.store.sql;

import static org.junit.jupiter.api.Assertions.fail;

import ai.kiana.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the "postgres" tests use, from KIANA_TEST_PG_URL / _USER / _PASSWORD. Each
 * test works in a schema of its own, created here and dropped afterwards, so tests never see each
 * other's blocks and a failed run leaves nothing that disturbs the next one.
 */
record PostgresTestDatabase(String url, String user, String password) {

  /**
   * The server from the environment. Without one, tests are skipped on a developer's machine but
   * fail in CI, where a silently skipped backend would look like a passing one.
   */
  static PostgresTestDatabase fromEnvironment() {
    String url = System.getenv("KIANA_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("PostgreSQL tests need KIANA_TEST_PG_URL; .ci/run sets it");
      }
      Assumptions.abort(
          "PostgreSQL tests skipped: KIANA_TEST_PG_URL is not set;"
              + " run eval \"$(.ci/postgres-up)\" first to start a local server and set it");
    }
    return new PostgresTestDatabase(
        url, System.getenv("KIANA_TEST_PG_USER"), System.getenv("KIANA_TEST_PG_PASSWORD"));
  }

  /** Creates a fresh, empty schema with a random name and returns that name. */
  String createSchema() throws SQLException {
    String schema = "kiana_test_" + HexFormat.of().formatHex(randomBytes());
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  void dropSchema(String schema) throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** A config whose connections work in {@code schema} only. */
  StoreConfig configFor(String schema) {
    return new StoreConfig(
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
