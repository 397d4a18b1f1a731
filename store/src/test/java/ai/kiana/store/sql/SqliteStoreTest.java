package ai.kiana.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.StoreException;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** What only the SQLite backend promises: its file, its pragmas, its schema history. */
class SqliteStoreTest {

  @TempDir Path dir;

  private final TestBlocks blocks = new TestBlocks();

  @Test
  void databaseLivesInTheGivenFileInWalMode() throws Exception {
    Path file = dir.resolve("kiana.db");
    try (BlockStore store = open(file)) {
      store.put(blocks.fact("written"));

      assertThat(file).isRegularFile();
      assertThat(Path.of(file + "-wal")).isRegularFile();
      assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
    }
  }

  @Test
  void connectionsUseTheConfiguredPragmas() throws Exception {
    try (Database db = StoreFactory.openDatabase(StoreConfig.sqlite(dir.resolve("kiana.db")));
        Connection c = db.dataSource().getConnection()) {
      assertThat(pragma(c, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(pragma(c, "busy_timeout"))
          .isEqualTo(String.valueOf(SqliteDatabase.DEFAULT_BUSY_TIMEOUT_MS));
      assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(c, "cache_size"))
          .isEqualTo(String.valueOf(-SqliteDatabase.WRITER_CACHE_KIB));
      assertThat(pragma(c, "temp_store")).isEqualTo("2"); // MEMORY
    }
  }

  @Test
  void missingFoldersAreCreated() {
    Path file = dir.resolve("a/b/c/kiana.db");
    try (BlockStore store = open(file)) {
      store.put(blocks.fact("deep"));
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void blocksSurviveClosingAndReopening() {
    Path file = dir.resolve("kiana.db");
    List<KnowledgeBlock> written = blocks.random(25);
    try (BlockStore store = open(file)) {
      store.putAll(written);
    }

    try (BlockStore store = open(file)) {
      assertThat(store.stats().blocks()).isEqualTo(25);
      written.forEach(b -> assertThat(store.get(b.id())).contains(b));
    }
  }

  @Test
  void migrationsRunOnceAndRecordTheirVersion() throws Exception {
    StoreConfig config = StoreConfig.sqlite(dir.resolve("kiana.db"));
    try (Database db = StoreFactory.openDatabase(config)) {
      assertThat(Migrations.migrate(db)).as("migrations left to run when reopening").isZero();
    }
    try (Connection c = DriverManager.getConnection(config.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, success FROM "
                    + Migrations.HISTORY_TABLE
                    + " ORDER BY installed_rank")) {
      List<String> recorded = new ArrayList<>();
      while (rs.next()) {
        assertThat(rs.getBoolean(2)).as("success of version " + rs.getString(1)).isTrue();
        recorded.add(rs.getString(1));
      }
      assertThat(recorded)
          .startsWith("1", "2")
          .isEqualTo(SchemaUpgrade.knownVersions(new Dialect.Sqlite()));
    }
  }

  @Test
  void blocksWrittenUnderSchemaVersion1SurviveTheUpgrade() throws Exception {
    SchemaUpgrade.blocksWrittenUnderVersion1SurviveTheUpgrade(
        StoreConfig.sqlite(dir.resolve("kiana.db")));
  }

  @Test
  void newDatabaseGetsLargePagesBeforeItsFirstTable() throws Exception {
    Path file = dir.resolve("kiana.db");
    try (BlockStore store = open(file)) {
      store.putAll(blocks.random(10));
    }

    assertThat(pragma(file, "page_size"))
        .isEqualTo(String.valueOf(SqliteDatabase.NEW_DATABASE_PAGE_SIZE));
    assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
  }

  @Test
  void existingDatabaseKeepsItsPageSize() throws Exception {
    // What the first release made: 4 KB pages, WAL, schema version 1.
    Path file = dir.resolve("kiana.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = 4096");
      s.execute("PRAGMA journal_mode = WAL");
    }
    SQLiteDataSource plain = new SQLiteDataSource();
    plain.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(plain)
        .locations(new Dialect.Sqlite().migrationLocation())
        .table(Migrations.HISTORY_TABLE)
        .loggers("slf4j")
        .target("1")
        .load()
        .migrate();
    assertThat(pragma(file, "page_size")).isEqualTo("4096");

    List<KnowledgeBlock> written = blocks.random(20);
    try (BlockStore store = open(file)) {
      store.putAll(written);
      written.forEach(b -> assertThat(store.get(b.id())).contains(b));
    }
    assertThat(pragma(file, "page_size")).isEqualTo("4096");
    assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
  }

  @Test
  void databaseFromANewerKianaIsRefusedNamingItsVersion() throws Exception {
    Path file = dir.resolve("kiana.db");
    open(file).close();
    execute(
        file,
        "INSERT INTO "
            + Migrations.HISTORY_TABLE
            + " (installed_rank, version, description, type, script, checksum, installed_by,"
            + " execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
            + " 'V99__from_the_future.sql', 0, 'test', 1, 1)");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than this KI_ana knows (up to " + newest() + ")");
  }

  @Test
  void appliedMigrationThatWasEditedIsRefused() throws Exception {
    Path file = dir.resolve("kiana.db");
    open(file).close();
    execute(
        file, "UPDATE " + Migrations.HISTORY_TABLE + " SET checksum = 12345 WHERE version = '1'");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("migrating the schema of sqlite " + file)
        .hasMessageContaining("checksum");
  }

  @Test
  void closedStoreRefusesWorkWithAClearMessage() {
    BlockStore store = open(dir.resolve("kiana.db"));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.query(BlockQuery.all()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.put(blocks.fact("late")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void statsReportTheSizeOfTheFiles() {
    try (BlockStore store = open(dir.resolve("kiana.db"))) {
      long empty = store.stats().bytes();
      store.putAll(blocks.random(500));

      assertThat(empty).isPositive();
      assertThat(store.stats().bytes()).isGreaterThan(empty);
      assertThat(store.stats().backend()).isEqualTo("sqlite");
    }
  }

  @Test
  void twoStoresOnOneFileWriteConcurrentlyWithoutBusyErrors() throws Exception {
    Path file = dir.resolve("kiana.db");
    List<List<KnowledgeBlock>> work =
        List.of(new TestBlocks(5).random(300), new TestBlocks(6).random(300));
    try (BlockStore first = open(file);
        BlockStore second = open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> running = new ArrayList<>();
        running.add(pool.submit(() -> work.get(0).forEach(first::put)));
        running.add(pool.submit(() -> work.get(1).forEach(second::put)));
        for (Future<?> f : running) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(first.stats().blocks()).isEqualTo(600);
    }
  }

  private static BlockStore open(Path file) {
    return StoreFactory.open(StoreConfig.sqlite(file));
  }

  private static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String pragma(Path file, String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return pragma(c, name);
    }
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String newest() throws Exception {
    List<String> versions = SchemaUpgrade.knownVersions(new Dialect.Sqlite());
    return versions.get(versions.size() - 1);
  }
}
