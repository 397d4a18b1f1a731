package ai.kiana.store.sql;

import ai.kiana.core.block.StoreException;
import ai.kiana.store.StoreConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * PostgreSQL through a HikariCP pool. PostgreSQL handles concurrent writers itself, so reads and
 * writes both just borrow a pooled connection. HikariCP resets autocommit, isolation and read-only
 * when a connection goes back, so a snapshot's settings never leak into the next borrower.
 */
final class PostgresDatabase implements Database {

  static final int DEFAULT_POOL_SIZE = 8;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Dialect dialect;
  private final StoreConfig config;
  private final HikariDataSource pool;

  private PostgresDatabase(Dialect dialect, StoreConfig config, HikariDataSource pool) {
    this.dialect = dialect;
    this.config = config;
    this.pool = pool;
  }

  static PostgresDatabase open(Dialect dialect, StoreConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("kiana-store");
    hikari.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(DEFAULT_POOL_SIZE);
    hikari.setConnectionTimeout(DEFAULT_CONNECT_TIMEOUT.toMillis());
    try {
      return new PostgresDatabase(dialect, config, new HikariDataSource(hikari));
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at "
              + config.redactedUrl()
              + (config.user() == null ? "" : " as " + config.user())
              + ": "
              + rootMessage(e)
              + "; check that the server runs, the database exists and the credentials are right",
          e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return Database.inTransaction(c, work);
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  public <T> T snapshot(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      // Isolation must be set outside a transaction; read-only makes the BEGIN a BEGIN READ ONLY.
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      return Database.inTransaction(c, work);
    }
  }

  @Override
  public long sizeBytes() throws SQLException {
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public String description() {
    return "postgresql " + config.redactedUrl();
  }

  @Override
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
