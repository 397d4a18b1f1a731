package ai.kiana.store.sql;

import ai.kiana.core.block.StoreException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database's schema up to the version this code expects, with Flyway: versioned scripts
 * under {@code db/migration/<dialect>/} on the classpath, each applied once in its own transaction
 * and recorded with its checksum in {@code flyway_schema_history}. An edited script that was
 * already applied fails validation, and a database whose schema is newer than this code (written by
 * a later KI_ana) is refused rather than used, since this code cannot know what changed.
 */
public final class Migrations {

  /** Flyway's own table; other tools and tests read it to see the schema version. */
  public static final String HISTORY_TABLE = "flyway_schema_history";

  private Migrations() {}

  /**
   * Migrates {@code db} to the newest schema this code knows.
   *
   * @return how many migrations were applied now (0 if the schema was current)
   * @throws StoreException if the schema is newer than this code, a script changed after it was
   *     applied, or a migration failed (its transaction is rolled back)
   */
  public static int migrate(Database db) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(db.dataSource())
            .locations(db.dialect().migrationLocation())
            .table(HISTORY_TABLE)
            // Flyway's own default falls back to java.util.logging; the node logs through SLF4J.
            .loggers("slf4j")
            .cleanDisabled(true)
            .validateMigrationNaming(true)
            .load();
    try {
      refuseFutureSchema(flyway, db);
      MigrateResult result = flyway.migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException(
          "migrating the schema of "
              + db.description()
              + " failed: "
              + e.getMessage()
              + "; restore a backup or ask for help, do not edit applied migrations",
          e);
    }
  }

  private static void refuseFutureSchema(Flyway flyway, Database db) {
    MigrationInfo[] all = flyway.info().all();
    String known =
        Arrays.stream(all)
            .filter(
                m ->
                    m.getState() != MigrationState.FUTURE_SUCCESS
                        && m.getState() != MigrationState.FUTURE_FAILED)
            .filter(m -> m.getVersion() != null)
            .reduce((a, b) -> b)
            .map(m -> m.getVersion().getVersion())
            .orElse("none");
    for (MigrationInfo m : all) {
      if (m.getState() == MigrationState.FUTURE_SUCCESS
          || m.getState() == MigrationState.FUTURE_FAILED) {
        throw new StoreException(
            "the database "
                + db.description()
                + " has schema version "
                + m.getVersion()
                + " ("
                + m.getDescription()
                + "), newer than this KI_ana knows (up to "
                + known
                + "); it was written by a later version: run that version, or restore a backup");
      }
    }
  }
}
