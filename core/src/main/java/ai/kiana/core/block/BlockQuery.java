package ai.kiana.core.block;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;
import java.util.Set;

/**
 * Filters for listing blocks. Null filters match everything; {@code text} matches title or content
 * case-insensitively; {@code from} is inclusive, {@code to} exclusive.
 *
 * @param liveOnly when true, leave out blocks that another stored block supersedes, and retraction
 *     blocks unless {@code types} asks for them
 * @param after continue after this position of a previous page
 * @param scopes only blocks of these scopes; empty means every scope (a caller granted no scope
 *     must not build a query at all, as empty would show everything)
 */
public record BlockQuery(
    Set<BlockType> types,
    String tag,
    DeviceId author,
    String text,
    Instant from,
    Instant to,
    boolean liveOnly,
    PageCursor after,
    int limit,
    Set<Scope> scopes) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  /** Longer search text is a mistake, not a query, and some databases refuse it anyway. */
  public static final int MAX_TEXT_CHARS = 1000;

  public BlockQuery {
    types = types == null ? Set.of() : Set.copyOf(types);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (text != null && text.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException(
          "search text longer than " + MAX_TEXT_CHARS + " characters");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("'from' must be before 'to'");
    }
  }

  /** A query over every scope. */
  public BlockQuery(
      Set<BlockType> types,
      String tag,
      DeviceId author,
      String text,
      Instant from,
      Instant to,
      boolean liveOnly,
      PageCursor after,
      int limit) {
    this(types, tag, author, text, from, to, liveOnly, after, limit, Set.of());
  }

  /** Every live block, first page. */
  public static BlockQuery all() {
    return new BlockQuery(null, null, null, null, null, null, true, null, DEFAULT_LIMIT);
  }

  public BlockQuery withAfter(PageCursor cursor) {
    return new BlockQuery(types, tag, author, text, from, to, liveOnly, cursor, limit, scopes);
  }

  public BlockQuery withLimit(int newLimit) {
    return new BlockQuery(types, tag, author, text, from, to, liveOnly, after, newLimit, scopes);
  }

  /** The same query restricted to {@code only} (non-empty). */
  public BlockQuery withScopes(Set<Scope> only) {
    if (only.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one scope");
    }
    return new BlockQuery(types, tag, author, text, from, to, liveOnly, after, limit, only);
  }

  /** Whether a block passes the filters (not the liveness or paging); in-memory stores use it. */
  public boolean matches(KnowledgeBlock b) {
    if (!types.isEmpty() && !types.contains(b.type())) {
      return false;
    }
    if (!scopes.isEmpty() && !scopes.contains(b.scope())) {
      return false;
    }
    if (tag != null && !b.tags().contains(tag)) {
      return false;
    }
    if (author != null && !author.equals(b.author())) {
      return false;
    }
    if (from != null && b.created().instant().isBefore(from)) {
      return false;
    }
    if (to != null && !b.created().instant().isBefore(to)) {
      return false;
    }
    if (text != null) {
      String needle = text.toLowerCase(java.util.Locale.ROOT);
      return b.title().toLowerCase(java.util.Locale.ROOT).contains(needle)
          || b.content().toLowerCase(java.util.Locale.ROOT).contains(needle);
    }
    return true;
  }
}
