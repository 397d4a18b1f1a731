package ai.kiana.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the node keeps its blocks: a JDBC URL and, for a server database, the credentials. The
 * caller picks the default (the node uses {@code jdbc:sqlite:<dataDir>/kiana.db}).
 *
 * <p>Supported: {@code jdbc:sqlite:<file>} (embedded; the file and its directory are created) and
 * {@code jdbc:postgresql://<host>[:<port>]/<database>}. {@code user} and {@code password} may be
 * null for SQLite, or when the PostgreSQL URL carries them.
 */
public record StoreConfig(String jdbcUrl, String user, String password) {

  public static final String SQLITE_PREFIX = "jdbc:sqlite:";
  public static final String POSTGRES_PREFIX = "jdbc:postgresql:";
  static final String SUPPORTED =
      SQLITE_PREFIX
          + "<file> (embedded, the default) or "
          + POSTGRES_PREFIX
          + "//<host>:<port>/<database>";

  /** An embedded SQLite database in {@code file}. */
  public static StoreConfig sqlite(Path file) {
    return new StoreConfig(SQLITE_PREFIX + file.toAbsolutePath(), null, null);
  }

  /**
   * Checks what can be checked without connecting.
   *
   * @return this, for chaining
   * @throws IllegalArgumentException naming the bad key and what is supported
   */
  public StoreConfig validate() {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("store.jdbcUrl is missing; use " + SUPPORTED);
    }
    if (jdbcUrl.startsWith(SQLITE_PREFIX)) {
      String file = sqliteFile();
      if (file.isEmpty()) {
        throw new IllegalArgumentException(
            "store.jdbcUrl '"
                + jdbcUrl
                + "' names no database file; use "
                + SQLITE_PREFIX
                + "<file>");
      }
      if (file.equals(":memory:") || jdbcUrl.toLowerCase(Locale.ROOT).contains("mode=memory")) {
        throw new IllegalArgumentException(
            "store.jdbcUrl '"
                + jdbcUrl
                + "' is an in-memory SQLite database, which each connection"
                + " would see separately; use a file, or InMemoryBlockStore in tests");
      }
      return this;
    }
    if (jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      return this;
    }
    throw new IllegalArgumentException(
        "store.jdbcUrl '" + redactedUrl() + "' is not supported; use " + SUPPORTED);
  }

  public boolean isSqlite() {
    return jdbcUrl != null && jdbcUrl.startsWith(SQLITE_PREFIX);
  }

  /**
   * The SQLite database file named by the URL, without a {@code file:} prefix or query parameters;
   * empty if the URL names none.
   */
  public String sqliteFile() {
    String rest = jdbcUrl.substring(SQLITE_PREFIX.length());
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    int query = rest.indexOf('?');
    return query < 0 ? rest : rest.substring(0, query);
  }

  /** The URL with any {@code password=} parameter blanked, for messages and logs. */
  public String redactedUrl() {
    return jdbcUrl == null ? "" : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
