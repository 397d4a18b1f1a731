package ai.kiana.store.messages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.messages.MessageRow.Role;
import ai.kiana.store.sql.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The V6 tables and their SQL behave the same on SQLite and PostgreSQL. */
class SqlMessageStoreTest {

  static final String A = "aa".repeat(32);
  static final String B = "bb".repeat(32);
  static final String C = "cc".repeat(32);

  @TempDir Path dir;

  @Test
  void sqlite() {
    try (Database db = StoreFactory.openDatabase(StoreConfig.sqlite(dir.resolve("k.db")))) {
      exercise(new SqlMessageStore(db));
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
    byte[] r = new byte[6];
    ThreadLocalRandom.current().nextBytes(r);
    String schema = "kiana_msg_" + HexFormat.of().formatHex(r);
    execute(url, user, password, "CREATE SCHEMA " + schema);
    try (Database db =
        StoreFactory.openDatabase(
            new StoreConfig(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user,
                password))) {
      exercise(new SqlMessageStore(db));
    } finally {
      execute(url, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  static MessageRow row(String id, Role role, String from, String to, long expires, String state) {
    return new MessageRow(
        id,
        role,
        from,
        to,
        100,
        expires,
        1000,
        "{\"env\":\"" + id + "\"}",
        null,
        state,
        null,
        null);
  }

  private static void exercise(SqlMessageStore store) {
    String m1 = "01".repeat(16);
    String m2 = "02".repeat(16);
    String m3 = "03".repeat(16);
    // Duplicates by (id, role) are not stored twice.
    assertThat(store.insert(row(m1, Role.RELAY, A, C, 5_000, "held"))).isTrue();
    assertThat(store.insert(row(m1, Role.RELAY, A, C, 5_000, "held"))).isFalse();
    assertThat(store.insert(row(m2, Role.RELAY, A, C, 9_000, "held"))).isTrue();
    assertThat(store.seen(m1)).isTrue();
    assertThat(store.seen(m3)).isFalse();
    assertThat(store.relayUsage(C)).isEqualTo(new SqlMessageStore.Usage(2, 2000));
    assertThat(store.forRecipient(C, Role.RELAY, "held"))
        .extracting(MessageRow::id)
        .containsExactly(m1, m2);

    // A receipt drops the relay's copy but keeps the ID (and the receipt for the sender).
    assertThat(store.delivered(m1, Role.RELAY, 200, "{\"receipt\":1}")).isTrue();
    assertThat(store.delivered(m1, Role.RELAY, 300, "{\"receipt\":2}")).isFalse();
    MessageRow dropped = store.get(m1, Role.RELAY).orElseThrow();
    assertThat(dropped.envelope()).isNull();
    assertThat(dropped.deliveredMs()).isEqualTo(200L);
    assertThat(store.seen(m1)).isTrue();
    assertThat(store.relayUsage(C)).isEqualTo(new SqlMessageStore.Usage(1, 1000));
    assertThat(store.receiptsFor(A, 1_000)).containsExactly("{\"receipt\":1}");
    assertThat(store.receiptsFor(A, 5_000)).isEmpty(); // expired

    // The user's own messages outlive expiry; relay rows do not.
    assertThat(store.insert(row(m3, Role.OUTBOX, B, C, 5_000, "pending"))).isTrue();
    assertThat(store.setState(m3, Role.OUTBOX, "pending", "sent")).isTrue();
    assertThat(store.setState(m3, Role.OUTBOX, "pending", "sent")).isFalse();
    assertThat(store.purgeExpired(5_000)).isEqualTo(1);
    assertThat(store.seen(m1)).isFalse();
    assertThat(store.get(m3, Role.OUTBOX).orElseThrow().state()).isEqualTo("sent");
    assertThat(store.list(Role.OUTBOX, 10)).extracting(MessageRow::id).containsExactly(m3);
    assertThat(store.list(null, 10)).extracting(MessageRow::id).containsExactly(m3);

    // Only a newer key announcement replaces the stored one.
    assertThat(store.putKey(B, "{\"k\":1}", 10)).isTrue();
    assertThat(store.putKey(B, "{\"k\":0}", 5)).isFalse();
    assertThat(store.putKey(B, "{\"k\":2}", 20)).isTrue();
    assertThat(store.key(B)).contains("{\"k\":2}");
    assertThat(store.keys()).containsExactly("{\"k\":2}");
  }

  private static void execute(String url, String user, String password, String sql)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
