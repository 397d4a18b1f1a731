package ai.kiana.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * Checks that a database written under schema version 1 keeps every block, tag and supersedes link
 * when the current migrations run on it: the blocks are written the way version 1's code wrote them
 * (tag rows keyed by block id), then the store opens it as usual.
 */
final class SchemaUpgrade {

  private SchemaUpgrade() {}

  static void blocksWrittenUnderVersion1SurviveTheUpgrade(StoreConfig config) throws Exception {
    TestBlocks blocks = new TestBlocks(3);
    List<KnowledgeBlock> written = blocks.random(40);
    KnowledgeBlock tagged = blocks.fullBlock("tagged zeta and alpha");
    KnowledgeBlock edited = blocks.edit(tagged, "tagged, edited");
    List<KnowledgeBlock> all = new ArrayList<>(written);
    all.add(tagged);
    all.add(edited);

    try (Database db = Dialect.of(config).open(config)) {
      Flyway.configure(SchemaUpgrade.class.getClassLoader())
          .dataSource(db.dataSource())
          .locations(db.dialect().migrationLocation())
          .table(Migrations.HISTORY_TABLE)
          .loggers("slf4j")
          .target("1")
          .load()
          .migrate();
      db.write(
          c -> {
            for (KnowledgeBlock b : all) {
              insertAsVersion1(c, b);
            }
            return null;
          });
      assertThat(Migrations.migrate(db)).as("migrations run on a version 1 database").isPositive();
    }

    try (BlockStore store = StoreFactory.open(config)) {
      assertThat(store.stats().blocks()).isEqualTo(all.size());
      all.forEach(b -> assertThat(store.get(b.id())).contains(b));
      for (String tag : List.of("alpha", "zeta")) {
        assertThat(store.query(byTag(tag, false)).blocks()).containsExactly(edited, tagged);
        assertThat(store.query(byTag(tag, true)).blocks()).containsExactly(edited);
      }
      for (KnowledgeBlock b : written) {
        for (String tag : b.tags()) {
          assertThat(store.query(byTag(tag, false)).blocks()).contains(b);
        }
      }
      assertThat(store.query(byTag("no such tag", false)).blocks()).isEmpty();
      assertThat(store.supersedersOf(tagged.id())).containsExactly(edited.id());

      // New blocks go in under the new schema, beside the old ones.
      KnowledgeBlock later = blocks.block(BlockType.NOTE, "later", "x", "alpha");
      store.put(later);
      assertThat(store.query(byTag("alpha", true)).blocks()).containsExactly(later, edited);
    }
  }

  /**
   * The versions of the migration scripts {@code dialect} has on the class path, oldest first: what
   * a freshly migrated database records in its history.
   */
  static List<String> knownVersions(Dialect dialect) throws Exception {
    URL folder = SchemaUpgrade.class.getClassLoader().getResource("db/migration/" + dialect.name());
    assertThat(folder).as("migrations of " + dialect.name() + " on the class path").isNotNull();
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .map(name -> name.substring(1, name.indexOf("__")))
          .sorted(Comparator.comparingInt(Integer::parseInt))
          .toList();
    }
  }

  private static BlockQuery byTag(String tag, boolean liveOnly) {
    return new BlockQuery(null, tag, null, null, null, null, liveOnly, null, BlockQuery.MAX_LIMIT);
  }

  /** The INSERTs of schema version 1, one block at a time. */
  private static void insertAsVersion1(Connection c, KnowledgeBlock b) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO blocks (id, type, author, created, created_ms, scope, title_search,"
                + " content_search, block_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, b.id().hex());
      ps.setString(2, b.type().wireName());
      ps.setString(3, b.author().hex());
      ps.setString(4, b.created().toString());
      ps.setLong(5, b.created().millis());
      ps.setString(6, b.scope().wireName());
      ps.setString(7, SearchText.of(b.title()));
      ps.setString(8, SearchText.of(b.content()));
      ps.setString(9, BlockCodec.toJson(b));
      ps.executeUpdate();
    }
    for (String tag : b.tags()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO block_tags (block_id, tag) VALUES (?, ?)")) {
        ps.setString(1, b.id().hex());
        ps.setString(2, tag);
        ps.executeUpdate();
      }
    }
    for (BlockId target : b.supersedes()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO block_supersedes (block_id, target_id) VALUES (?, ?)")) {
        ps.setString(1, b.id().hex());
        ps.setString(2, target.hex());
        ps.executeUpdate();
      }
    }
  }
}
