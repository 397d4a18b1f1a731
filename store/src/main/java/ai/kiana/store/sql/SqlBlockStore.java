package ai.kiana.store.sql;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.block.StoreStats;
import ai.kiana.core.clock.HlcTimestamp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The {@link BlockStore} for SQLite and PostgreSQL: one set of SQL, with the {@link Database}
 * deciding how connections are used. A block is read back from the canonical JSON stored with it,
 * so it round-trips exactly; the other columns only serve filters and order. Owns its database:
 * closing the store closes it.
 */
public final class SqlBlockStore implements BlockStore {

  /** Rows fetched per round trip while {@link #forEach} streams the whole store. */
  static final int DEFAULT_FETCH_SIZE = 1000;

  private final Database db;

  /** Takes a database whose schema {@link Migrations} has brought up to date. */
  public SqlBlockStore(Database db) {
    this.db = db;
  }

  @Override
  public int putAll(Collection<KnowledgeBlock> blocks) {
    return putAll(blocks, null);
  }

  /**
   * As {@link #putAll(Collection)}, and runs {@code alsoInTheTransaction} (unless null) on the same
   * connection in the same transaction, after the blocks: both are stored or neither. For a
   * restore, which stores the ledger with the knowledge blocks.
   */
  public int putAll(Collection<KnowledgeBlock> blocks, SqlWork<?> alsoInTheTransaction) {
    // Sorted by ID: concurrent batches then lock rows in the same order and cannot deadlock.
    Map<BlockId, KnowledgeBlock> unique = new TreeMap<>();
    blocks.forEach(b -> unique.putIfAbsent(b.id(), b));
    if (unique.isEmpty() && alsoInTheTransaction == null) {
      return 0;
    }
    List<KnowledgeBlock> batch = List.copyOf(unique.values());
    try {
      return db.write(
          c -> {
            int stored = batch.isEmpty() ? 0 : BlockInserter.insert(c, batch);
            if (alsoInTheTransaction != null) {
              alsoInTheTransaction.run(c);
            }
            return stored;
          });
    } catch (SQLException e) {
      throw failure("storing " + batch.size() + " blocks (none was stored)", e);
    }
  }

  @Override
  public Optional<KnowledgeBlock> get(BlockId id) {
    List<KnowledgeBlock> found =
        select(
            "reading block " + id.shortForm(),
            "SELECT block_json FROM blocks WHERE id = ?",
            id.hex());
    return found.stream().findFirst();
  }

  @Override
  public List<KnowledgeBlock> getAll(List<BlockId> ids) {
    if (ids.size() < 2) {
      return ids.isEmpty() ? List.of() : get(ids.getFirst()).stream().toList();
    }
    List<KnowledgeBlock> found =
        select(
            "reading " + ids.size() + " blocks",
            "SELECT block_json FROM blocks WHERE id IN ("
                + String.join(",", java.util.Collections.nCopies(ids.size(), "?"))
                + ")",
            ids.stream().map(BlockId::hex).toArray());
    java.util.Map<BlockId, KnowledgeBlock> byId = new java.util.HashMap<>();
    found.forEach(b -> byId.put(b.id(), b));
    return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
  }

  @Override
  public boolean contains(BlockId id) {
    return !strings(
            "checking for block " + id.shortForm(), "SELECT id FROM blocks WHERE id = ?", id.hex())
        .isEmpty();
  }

  @Override
  public List<BlockId> supersedersOf(BlockId id) {
    return strings(
            "finding what supersedes block " + id.shortForm(),
            "SELECT s.block_id FROM block_supersedes s JOIN blocks b ON b.id = s.block_id"
                + " WHERE s.target_id = ? ORDER BY b.created, b.id",
            id.hex())
        .stream()
        .map(BlockId::new)
        .toList();
  }

  @Override
  public BlockPage query(BlockQuery query) {
    QuerySql sql = QuerySql.of(query);
    List<KnowledgeBlock> rows = select("listing blocks", sql.sql(), sql.params().toArray());
    return BlockPage.ofOverfetched(rows, query.limit());
  }

  @Override
  public void forEach(Consumer<KnowledgeBlock> action) {
    try {
      db.snapshot(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT block_json FROM blocks ORDER BY created, id")) {
              ps.setFetchSize(
                  DEFAULT_FETCH_SIZE); // PostgreSQL streams through a cursor only with this
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  action.accept(decode(rs.getString(1)));
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("walking all blocks", e);
    }
  }

  /** One query per {@value #DEFAULT_FETCH_SIZE} ids, the JSON as stored (no decode, no encode). */
  @Override
  public List<StoredJson> jsonOf(Collection<BlockId> ids) {
    List<BlockId> all = List.copyOf(ids);
    List<StoredJson> out = new java.util.ArrayList<>(all.size());
    try {
      db.read(
          c -> {
            for (int from = 0; from < all.size(); from += DEFAULT_FETCH_SIZE) {
              List<BlockId> part =
                  all.subList(from, Math.min(all.size(), from + DEFAULT_FETCH_SIZE));
              String marks = "?, ".repeat(part.size() - 1) + "?";
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, scope, block_json FROM blocks WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < part.size(); i++) {
                  ps.setString(i + 1, part.get(i).hex());
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new StoredJson(
                            new BlockId(rs.getString(1)),
                            Scope.fromWire(rs.getString(2)),
                            rs.getString(3)));
                  }
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("reading " + all.size() + " blocks as JSON", e);
    }
    return out;
  }

  /**
   * Reads only the key columns and tags, never the block JSON: one pass over blocks joined to their
   * tags, a block's tag rows arriving together because the order ends with the block.
   */
  @Override
  public void forEachKey(Consumer<Key> action) {
    try {
      db.snapshot(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT b.created, b.id, b.scope, b.author, t.tag FROM blocks b"
                        + " LEFT JOIN block_tags t ON t.block_seq = b.seq"
                        + " ORDER BY b.created, b.id")) {
              ps.setFetchSize(DEFAULT_FETCH_SIZE);
              try (ResultSet rs = ps.executeQuery()) {
                String[] row = null;
                List<String> tags = new ArrayList<>();
                while (rs.next()) {
                  String id = rs.getString(2);
                  if (row != null && !row[1].equals(id)) {
                    action.accept(key(row, tags));
                    tags.clear();
                  }
                  if (row == null || !row[1].equals(id)) {
                    row = new String[] {rs.getString(1), id, rs.getString(3), rs.getString(4)};
                  }
                  String tag = rs.getString(5);
                  if (tag != null) {
                    tags.add(tag);
                  }
                }
                if (row != null) {
                  action.accept(key(row, tags));
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("walking all block keys", e);
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "a stored block key cannot be read back ("
              + e.getMessage()
              + "); the database may be damaged: run 'kiana verify' and restore a backup",
          e);
    }
  }

  private static Key key(String[] row, List<String> tags) {
    return new Key(
        HlcTimestamp.parse(row[0]),
        new BlockId(row[1]),
        Scope.fromWire(row[2]),
        ai.kiana.core.identity.DeviceId.parse(row[3]),
        tags);
  }

  @Override
  public StoreStats stats() {
    try {
      Map<BlockType, Long> byType = new EnumMap<>(BlockType.class);
      for (BlockType t : BlockType.values()) {
        byType.put(t, 0L);
      }
      db.read(
          c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT type, COUNT(*) FROM blocks GROUP BY type");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byType.put(BlockType.fromWire(rs.getString(1)), rs.getLong(2));
              }
            }
            return null;
          });
      long total = byType.values().stream().mapToLong(Long::longValue).sum();
      return new StoreStats(db.dialect().name(), total, byType, db.sizeBytes());
    } catch (SQLException e) {
      throw failure("counting blocks", e);
    }
  }

  @Override
  public Optional<HlcTimestamp> newestCreated() {
    return strings("finding the newest block", "SELECT MAX(created) FROM blocks").stream()
        .filter(s -> s != null)
        .findFirst()
        .map(HlcTimestamp::parse);
  }

  /** Closes the database. Idempotent. */
  @Override
  public void close() {
    db.close();
  }

  /** The database this store keeps its blocks in, for tools that inspect it. */
  public Database database() {
    return db;
  }

  private List<KnowledgeBlock> select(String doing, String sql, Object... params) {
    return strings(doing, sql, params).stream().map(SqlBlockStore::decode).toList();
  }

  private List<String> strings(String doing, String sql, Object... params) {
    try {
      return db.readStrings(sql, params);
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  private static KnowledgeBlock decode(String json) {
    try {
      return BlockCodec.fromJson(json);
    } catch (RuntimeException e) {
      throw new StoreException(
          "a stored block cannot be read back ("
              + e.getMessage()
              + "); the database may be damaged: run 'kiana verify' and restore a backup",
          e);
    }
  }

  private StoreException failure(String doing, SQLException e) {
    return new StoreException(doing + " in " + db.description() + " failed: " + e.getMessage(), e);
  }
}
