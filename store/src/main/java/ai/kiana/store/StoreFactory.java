package ai.kiana.store;

import ai.kiana.core.block.BlockStore;
import ai.kiana.store.sql.Database;
import ai.kiana.store.sql.Dialect;
import ai.kiana.store.sql.Migrations;
import ai.kiana.store.sql.SqlBlockStore;

/**
 * Opens the block store a {@link StoreConfig} names: connects, brings the schema up to date, and
 * hands back a store that owns the connections (closing it closes them).
 */
public final class StoreFactory {

  private StoreFactory() {}

  /**
   * Opens the store and migrates its schema; the caller closes it.
   *
   * @throws IllegalArgumentException if the config is invalid or names an unsupported database
   * @throws ai.kiana.core.block.StoreException if the database cannot be opened or migrated, or its
   *     schema is newer than this code
   */
  public static BlockStore open(StoreConfig config) {
    return new SqlBlockStore(openDatabase(config));
  }

  /** Opens and migrates the database, for callers that need more than the block store. */
  public static Database openDatabase(StoreConfig config) {
    Database db = Dialect.of(config).open(config);
    try {
      Migrations.migrate(db);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }
}
