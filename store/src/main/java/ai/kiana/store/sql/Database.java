package ai.kiana.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * An open, migrated database and the policy for using its connections. Each backend decides how
 * writes are serialised and reads are spread; callers just say which kind of work they do.
 * Thread-safe. Work must not keep the connection it is lent beyond its own return.
 */
public interface Database extends AutoCloseable {

  Dialect dialect();

  /** What and where, without secrets, e.g. "sqlite /home/u/.kiana/kiana.db", for error messages. */
  String description();

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  <T> T write(SqlWork<T> work) throws SQLException;

  /** Runs {@code work} outside a transaction; each statement sees the latest committed state. */
  <T> T read(SqlWork<T> work) throws SQLException;

  /**
   * Runs {@code work} in one read-only transaction that sees a single consistent snapshot, however
   * long it runs and whatever is written meanwhile.
   */
  <T> T snapshot(SqlWork<T> work) throws SQLException;

  /** Reads the first column of every row {@code sql} returns, as text. */
  default List<String> readStrings(String sql, Object... params) throws SQLException {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  /** The database's size on disk in bytes, or -1 if it cannot be told. */
  long sizeBytes() throws SQLException;

  /** New connections outside the read/write policy, for migrations and tools. */
  DataSource dataSource();

  /** Idempotent. */
  @Override
  void close();

  /**
   * Runs work in a transaction on {@code c} and puts {@code c} back into autocommit mode. A failure
   * while cleaning up is attached to the work's own exception, never hides it.
   */
  static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    T result;
    try {
      result = work.run(c);
      c.commit();
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException cleanupFailed) {
        e.addSuppressed(cleanupFailed);
      }
      throw e;
    }
    c.setAutoCommit(true);
    return result;
  }
}
