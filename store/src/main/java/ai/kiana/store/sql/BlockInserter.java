package ai.kiana.store.sql;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of blocks inside the caller's transaction. Block rows go in multi-row {@code
 * INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id, seq} statements of {@link #DEFAULT_ROWS}
 * rows, which both databases know: one statement per chunk instead of one per block, and the
 * RETURNING list says exactly which blocks were new even under concurrent writers, and under which
 * {@code seq}, the key of their tag rows. Tags and supersedes rows are written, as JDBC batches,
 * only for new blocks, since a stored block never changes.
 */
final class BlockInserter {

  /** Block rows per INSERT: 9 parameters each stays far below both databases' parameter limits. */
  static final int DEFAULT_ROWS = 100;

  private static final String INSERT_BLOCKS =
      "INSERT INTO blocks (id, type, author, created, created_ms, scope, title_search,"
          + " content_search, block_json) VALUES ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TAG = "INSERT INTO block_tags (block_seq, tag) VALUES (?, ?)";
  private static final String INSERT_SUPERSEDES =
      "INSERT INTO block_supersedes (block_id, target_id) VALUES (?, ?)";

  private BlockInserter() {}

  /**
   * Inserts {@code blocks}, which hold no ID twice.
   *
   * @return how many were new
   */
  static int insert(Connection c, List<KnowledgeBlock> blocks) throws SQLException {
    int added = 0;
    try (PreparedStatement fullChunk =
            c.prepareStatement(insertSql(Math.min(DEFAULT_ROWS, blocks.size())));
        PreparedStatement tag = c.prepareStatement(INSERT_TAG);
        PreparedStatement supersedes = c.prepareStatement(INSERT_SUPERSEDES)) {
      for (int from = 0; from < blocks.size(); from += DEFAULT_ROWS) {
        List<KnowledgeBlock> chunk =
            blocks.subList(from, Math.min(blocks.size(), from + DEFAULT_ROWS));
        Map<String, Long> fresh =
            chunk.size() == DEFAULT_ROWS || from == 0
                ? insertRows(fullChunk, chunk)
                : insertLastChunk(c, chunk);
        boolean children = false;
        for (KnowledgeBlock b : chunk) {
          Long seq = fresh.get(b.id().hex());
          if (seq != null) {
            added++;
            children |= addChildren(tag, supersedes, b, seq);
          }
        }
        if (children) {
          tag.executeBatch();
          supersedes.executeBatch();
        }
      }
    }
    return added;
  }

  private static Map<String, Long> insertLastChunk(Connection c, List<KnowledgeBlock> chunk)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertSql(chunk.size()))) {
      return insertRows(ps, chunk);
    }
  }

  private static String insertSql(int rows) {
    return INSERT_BLOCKS
        + (ROW + ", ").repeat(rows - 1)
        + ROW
        + " ON CONFLICT (id) DO NOTHING RETURNING id, seq";
  }

  /**
   * @return the IDs of the rows that were new, each with its seq
   */
  private static Map<String, Long> insertRows(PreparedStatement ps, List<KnowledgeBlock> chunk)
      throws SQLException {
    int p = 1;
    for (KnowledgeBlock b : chunk) {
      ps.setString(p++, b.id().hex());
      ps.setString(p++, b.type().wireName());
      ps.setString(p++, b.author().hex());
      ps.setString(p++, b.created().toString());
      ps.setLong(p++, b.created().millis());
      ps.setString(p++, b.scope().wireName());
      ps.setString(p++, SearchText.of(b.title()));
      ps.setString(p++, SearchText.of(b.content()));
      ps.setString(p++, BlockCodec.toJson(b));
    }
    Map<String, Long> fresh = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        fresh.put(rs.getString(1), rs.getLong(2));
      }
    }
    return fresh;
  }

  private static boolean addChildren(
      PreparedStatement tag, PreparedStatement supersedes, KnowledgeBlock b, long seq)
      throws SQLException {
    for (String t : b.tags()) {
      tag.setLong(1, seq);
      tag.setString(2, t);
      tag.addBatch();
    }
    for (BlockId target : b.supersedes()) {
      supersedes.setString(1, b.id().hex());
      supersedes.setString(2, target.hex());
      supersedes.addBatch();
    }
    return !b.tags().isEmpty() || !b.supersedes().isEmpty();
  }
}
