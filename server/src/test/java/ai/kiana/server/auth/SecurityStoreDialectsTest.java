package ai.kiana.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V4 tables and their SQL on both databases: accounts, refresh tokens, settings and the audit
 * chain behave the same on SQLite and PostgreSQL.
 */
class SecurityStoreDialectsTest {

  @TempDir Path dir;

  @Test
  void sqlite() {
    try (Stores stores =
        Stores.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("k.db"), null, null))) {
      exercise(stores);
    }
  }

  @Test
  @Tag("postgres")
  void postgres() throws Exception {
    String url = System.getenv("KIANA_TEST_PG_URL");
    Assumptions.assumeTrue(
        url != null && !url.isBlank() || "true".equals(System.getenv("CI")),
        "KIANA_TEST_PG_URL is not set");
    String user = System.getenv("KIANA_TEST_PG_USER");
    String password = System.getenv("KIANA_TEST_PG_PASSWORD");
    String schema = "kiana_sec_" + HexFormat.of().formatHex(randomBytes());
    execute(url, user, password, "CREATE SCHEMA " + schema);
    try (Stores stores =
        Stores.open(
            new StoreConfig(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user,
                password))) {
      exercise(stores);
    } finally {
      execute(url, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private void exercise(Stores stores) {
    SecurityStore store = new SecurityStore(stores.database());
    assertThat(store.insertAccount("anna", Role.USER, "h1", 10)).isTrue();
    assertThat(store.insertAccount("anna", Role.ADMIN, "h2", 11)).isFalse();
    Account anna = store.account("anna").orElseThrow();
    assertThat(anna.role()).isEqualTo(Role.USER);
    assertThat(store.account(anna.id())).contains(anna);
    assertThat(store.updateAccount("anna", "role", "admin")).isTrue();
    Account changed = store.account("anna").orElseThrow();
    assertThat(changed.role()).isEqualTo(Role.ADMIN);
    assertThat(changed.tokenVersion()).isEqualTo(anna.tokenVersion() + 1);
    assertThat(store.countRole(Role.ADMIN)).isEqualTo(1);

    store.insertRefresh("t1", anna.id(), "fam", 1000);
    assertThat(store.markUsed("t1")).isTrue();
    assertThat(store.markUsed("t1")).isFalse();
    store.revokeFamily("fam");
    assertThat(store.refresh("t1").orElseThrow().revoked()).isTrue();

    store.putSetting("halt", "a");
    store.putSetting("halt", "b");
    assertThat(store.setting("halt")).contains("b");
    store.removeSetting("halt");
    assertThat(store.setting("halt")).isEmpty();
    assertThat(store.deleteAccount(anna.id())).isTrue();
    assertThat(store.accounts()).isEmpty();

    AuditLog audit = new AuditLog(stores.database(), dir, Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      audit.append("tester", AuditAction.LOGIN, "t" + i, "");
    }
    assertThat(audit.verify().ok()).isTrue();
    assertThat(audit.entries(1, 10)).hasSize(2);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static void execute(String url, String user, String password, String sql)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
