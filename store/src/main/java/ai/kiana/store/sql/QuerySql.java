package ai.kiana.store.sql;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.Scope;
import ai.kiana.core.clock.HlcTimestamp;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL for one {@link BlockQuery}: filters, liveness, and a keyset page newest first by
 * (created, id) with one row more than the limit, so the caller knows whether there is a next page.
 * Only placeholders carry user input.
 */
record QuerySql(String sql, List<Object> params) {

  // The largest millisecond an HlcTimestamp can hold; bounds beyond it cut nothing off.
  private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  static QuerySql of(BlockQuery q) {
    StringBuilder sql = new StringBuilder("SELECT b.block_json FROM blocks b WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (!q.types().isEmpty()) {
      sql.append(" AND b.type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
      q.types().stream().map(BlockType::wireName).sorted().forEach(params::add);
    }
    if (!q.scopes().isEmpty()) {
      sql.append(" AND b.scope IN (").append("?, ".repeat(q.scopes().size() - 1)).append("?)");
      q.scopes().stream().map(Scope::wireName).sorted().forEach(params::add);
    }
    if (q.tag() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM block_tags t WHERE t.block_seq = b.seq AND t.tag = ?)");
      params.add(q.tag());
    }
    if (q.author() != null) {
      sql.append(" AND b.author = ?");
      params.add(q.author().hex());
    }
    if (q.text() != null) {
      sql.append(" AND (b.title_search LIKE ? ESCAPE '!' OR b.content_search LIKE ? ESCAPE '!')");
      String pattern = SearchText.containsPattern(q.text());
      params.add(pattern);
      params.add(pattern);
    }
    appendTimeRange(q, sql, params);
    if (q.liveOnly()) {
      sql.append(" AND NOT EXISTS (SELECT 1 FROM block_supersedes s WHERE s.target_id = b.id)");
      if (!q.types().contains(BlockType.RETRACTION)) {
        sql.append(" AND b.type <> ?");
        params.add(BlockType.RETRACTION.wireName());
      }
    }
    if (q.after() != null) {
      // A row-value comparison, not an OR: both databases turn it into one index seek.
      sql.append(" AND (b.created, b.id) < (?, ?)");
      params.add(q.after().created().toString());
      params.add(q.after().id().hex());
    }
    sql.append(" ORDER BY b.created DESC, b.id DESC LIMIT ?");
    params.add(q.limit() + 1);
    return new QuerySql(sql.toString(), List.copyOf(params));
  }

  /**
   * Bounds on the {@code created} text rather than on {@code created_ms}: the text sorts like the
   * timestamp, so the (created, id) index that orders the page also serves the range.
   */
  private static void appendTimeRange(BlockQuery q, StringBuilder sql, List<Object> params) {
    if (q.from() != null) {
      long from = ceilMillis(q.from());
      if (from > MAX_MILLIS) {
        sql.append(" AND 1 = 0");
      } else if (from > 0) {
        sql.append(" AND b.created >= ?");
        params.add(new HlcTimestamp(from, 0).toString());
      }
    }
    if (q.to() != null) {
      long to = ceilMillis(q.to());
      if (to <= 0) {
        sql.append(" AND 1 = 0");
      } else if (to <= MAX_MILLIS) {
        sql.append(" AND b.created < ?");
        params.add(new HlcTimestamp(to, 0).toString());
      }
    }
  }

  /**
   * The first whole millisecond at or after {@code t}: a block at millisecond m is at or after
   * {@code t} exactly when m >= ceil(t), and before it exactly when m < ceil(t).
   */
  static long ceilMillis(Instant t) {
    try {
      long floor =
          Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1000L), t.getNano() / 1_000_000);
      return t.getNano() % 1_000_000 == 0 ? floor : floor + 1;
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }
}
