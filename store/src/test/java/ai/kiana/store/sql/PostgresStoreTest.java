package ai.kiana.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.StoreException;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL backend promises: schema history, refusal of newer schemas, size. */
@Tag("postgres")
class PostgresStoreTest {

  private PostgresTestDatabase pg;
  private String schema;
  private StoreConfig config;

  @BeforeEach
  void freshSchema() throws Exception {
    pg = PostgresTestDatabase.fromEnvironment();
    schema = pg.createSchema();
    config = pg.configFor(schema);
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      pg.dropSchema(schema);
    }
  }

  @Test
  void migrationsRunOnceAndRecordTheirVersion() throws Exception {
    try (Database db = StoreFactory.openDatabase(config)) {
      assertThat(Migrations.migrate(db)).as("migrations left to run when reopening").isZero();
      try (Connection c = db.dataSource().getConnection();
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
            .isEqualTo(SchemaUpgrade.knownVersions(new Dialect.Postgres()));
      }
    }
  }

  @Test
  void blocksWrittenUnderSchemaVersion1SurviveTheUpgrade() throws Exception {
    SchemaUpgrade.blocksWrittenUnderVersion1SurviveTheUpgrade(config);
  }

  @Test
  void databaseFromANewerKianaIsRefusedNamingItsVersion() throws Exception {
    try (Database db = StoreFactory.openDatabase(config);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + Migrations.HISTORY_TABLE
              + " (installed_rank, version, description, type, script, checksum, installed_by,"
              + " execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
              + " 'V99__from_the_future.sql', 0, 'test', 1, true)");
    }

    assertThatThrownBy(() -> StoreFactory.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than this KI_ana knows (up to " + newest() + ")");
  }

  @Test
  void statsReportTheBackendAndTheDatabaseSize() {
    try (BlockStore store = StoreFactory.open(config)) {
      store.putAll(new TestBlocks().random(10));

      assertThat(store.stats().backend()).isEqualTo("postgresql");
      assertThat(store.stats().bytes()).isPositive();
      assertThat(store.stats().blocks()).isEqualTo(10);
    }
  }

  @Test
  void wrongPasswordFailsWithAMessageThatKeepsItSecret() {
    StoreConfig wrong = new StoreConfig(config.jdbcUrl(), pg.user(), "not-the-password");

    assertThatThrownBy(() -> StoreFactory.open(wrong))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to PostgreSQL")
        .message()
        .doesNotContain("not-the-password");
  }

  private static String newest() throws Exception {
    List<String> versions = SchemaUpgrade.knownVersions(new Dialect.Postgres());
    return versions.get(versions.size() - 1);
  }
}
