package ai.kiana.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection that a {@link Database} lends; it must not close or keep it. */
@FunctionalInterface
public interface SqlWork<T> {

  T run(Connection connection) throws SQLException;
}
