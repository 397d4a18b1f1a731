package ai.kiana.store.ledger;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.store.sql.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link LedgerStore} for SQLite and PostgreSQL, in the tables {@code ledger_blocks} and {@code
 * ledger_head} (migration V3): one set of SQL, with the {@link Database} deciding how connections
 * are used. A block is read back from the canonical JSON stored with it, so it round-trips exactly;
 * the other columns only serve lookups and order.
 *
 * <p>Does not own its database: the block store that shares it closes it (see {@link Stores}).
 */
public final class SqlLedgerStore implements LedgerStore {

  /** Rows fetched per round trip while {@link #forEach} streams the whole ledger. */
  static final int DEFAULT_FETCH_SIZE = 1000;

  private static final String INSERT_BLOCK =
      "INSERT INTO ledger_blocks (hash, height, parent, block_json) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (hash) DO NOTHING";
  private static final String UPSERT_HEAD =
      "INSERT INTO ledger_head (id, hash) VALUES (1, ?)"
          + " ON CONFLICT (id) DO UPDATE SET hash = excluded.hash";

  private final Database db;

  /** Takes a database whose schema {@link ai.kiana.store.sql.Migrations} has brought up to date. */
  public SqlLedgerStore(Database db) {
    this.db = db;
  }

  @Override
  public void put(LedgerBlock block, String newHead) {
    String json = LedgerBlockCodec.toJson(block);
    try {
      db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
              ps.setString(1, block.hash());
              ps.setLong(2, block.height());
              ps.setString(3, block.parent());
              ps.setString(4, json);
              ps.executeUpdate();
            }
            if (newHead != null) {
              moveHead(c, newHead);
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure(
          "storing ledger block "
              + block.shortHash()
              + " at height "
              + block.height()
              + " (nothing was stored)",
          e);
    }
  }

  /**
   * Stores {@code blocks} (parents before children) and makes {@code head}, one of them or a block
   * stored before, the head, on the caller's connection and in its transaction: for {@link
   * Stores#restore}, which stores them with the knowledge blocks.
   */
  static void putAll(Connection c, List<LedgerBlock> blocks, String head) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
      for (LedgerBlock block : blocks) {
        ps.setString(1, block.hash());
        ps.setLong(2, block.height());
        ps.setString(3, block.parent());
        ps.setString(4, LedgerBlockCodec.toJson(block));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    moveHead(c, head);
  }

  @Override
  public void replaceGenesis(LedgerBlock genesis) {
    if (!genesis.isGenesis()) {
      throw new IllegalArgumentException("block " + genesis.shortHash() + " is not a genesis");
    }
    try {
      db.write(
          c -> {
            long held;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM ledger_blocks WHERE height > 0");
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              held = rs.getLong(1);
            }
            if (held > 0) {
              throw new IllegalStateException(
                  "the ledger holds " + held + " blocks besides its genesis");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_head")) {
              ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_blocks")) {
              ps.executeUpdate();
            }
            putAll(c, List.of(genesis), genesis.hash());
            return null;
          });
    } catch (SQLException e) {
      throw failure("replacing the ledger's genesis by " + genesis.shortHash(), e);
    }
  }

  @Override
  public void setHead(String hash) {
    try {
      db.write(
          c -> {
            moveHead(c, hash);
            return null;
          });
    } catch (SQLException e) {
      throw failure("moving the ledger head to " + shortHash(hash), e);
    }
  }

  /**
   * Points the head at a stored block, in the caller's transaction. Checked here rather than left
   * to the foreign key, so the caller gets a clear message.
   */
  private static void moveHead(Connection c, String hash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger_blocks WHERE hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException(
              "cannot make ledger block " + hash + " the head: it is not stored");
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_HEAD)) {
      ps.setString(1, hash);
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<String> head() {
    return strings("reading the ledger head", "SELECT hash FROM ledger_head WHERE id = 1").stream()
        .findFirst();
  }

  @Override
  public Optional<LedgerBlock> get(String hash) {
    return strings(
            "reading ledger block " + shortHash(hash),
            "SELECT block_json FROM ledger_blocks WHERE hash = ?",
            hash)
        .stream()
        .findFirst()
        .map(SqlLedgerStore::decode);
  }

  @Override
  public List<LedgerBlock> atHeight(long height) {
    return strings(
            "reading the ledger blocks at height " + height,
            "SELECT block_json FROM ledger_blocks WHERE height = ? ORDER BY seq",
            height)
        .stream()
        .map(SqlLedgerStore::decode)
        .toList();
  }

  @Override
  public void forEach(Consumer<LedgerBlock> action) {
    try {
      db.snapshot(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT block_json FROM ledger_blocks ORDER BY height, seq")) {
              ps.setFetchSize(DEFAULT_FETCH_SIZE); // PostgreSQL streams through a cursor only so
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  action.accept(decode(rs.getString(1)));
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("walking all ledger blocks", e);
    }
  }

  @Override
  public long count() {
    return Long.parseLong(
        strings("counting ledger blocks", "SELECT COUNT(*) FROM ledger_blocks").getFirst());
  }

  private List<String> strings(String doing, String sql, Object... params) {
    try {
      return db.readStrings(sql, params);
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  private static LedgerBlock decode(String json) {
    try {
      return LedgerBlockCodec.fromJson(json);
    } catch (RuntimeException e) {
      throw new StoreException(
          "a stored ledger block cannot be read back ("
              + e.getMessage()
              + "); the database may be damaged: run 'kiana verify --ledger' and restore a backup",
          e);
    }
  }

  private static String shortHash(String hash) {
    return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12);
  }

  private StoreException failure(String doing, SQLException e) {
    return new StoreException(doing + " in " + db.description() + " failed: " + e.getMessage(), e);
  }
}
