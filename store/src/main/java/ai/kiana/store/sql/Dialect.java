package ai.kiana.store.sql;

import ai.kiana.store.StoreConfig;

/**
 * The few things that differ between the supported databases: their name, where their migrations
 * live and how their connections are handled. The SQL of {@link SqlBlockStore} is shared.
 */
public sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres {

  /** Also the folder of the migrations under {@code db/migration/}. */
  String name();

  /** Opens the database (connections only; {@link Migrations} brings the schema up to date). */
  Database open(StoreConfig config);

  default String migrationLocation() {
    return "classpath:db/migration/" + name();
  }

  /**
   * The dialect for a validated config.
   *
   * @throws IllegalArgumentException for a URL that is not supported
   */
  static Dialect of(StoreConfig config) {
    config.validate();
    return config.isSqlite() ? new Sqlite() : new Postgres();
  }

  /** Embedded SQLite: one serialised writer connection and a few reader connections, WAL mode. */
  record Sqlite() implements Dialect {
    @Override
    public String name() {
      return "sqlite";
    }

    @Override
    public Database open(StoreConfig config) {
      return SqliteDatabase.open(this, config);
    }
  }

  /** PostgreSQL through a HikariCP pool. */
  record Postgres() implements Dialect {
    @Override
    public String name() {
      return "postgresql";
    }

    @Override
    public Database open(StoreConfig config) {
      return PostgresDatabase.open(this, config);
    }
  }
}
