package ai.kiana.server.http;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.PageCursor;
import ai.kiana.core.identity.DeviceId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The filters of {@code GET /api/v1/blocks} as a {@link BlockQuery}: {@code type} (repeatable or
 * comma-separated), {@code tag}, {@code author} (hex or grouped device ID), {@code q} (text),
 * {@code from}/{@code to} (ISO-8601 instants, from inclusive, to exclusive), {@code state}
 * (live|all), {@code limit} (1..1000) and {@code cursor}. A bad value is a 400 naming the
 * parameter.
 */
final class BlockListQuery {

  static final Set<String> PARAMETERS =
      Set.of("type", "tag", "author", "q", "from", "to", "state", "limit", "cursor");

  private BlockListQuery() {}

  static BlockQuery parse(QueryParams params) {
    Set<BlockType> types = types(params);
    String tag = nonEmpty(params, "tag");
    DeviceId author = author(params.single("author"));
    String q = params.single("q");
    Instant from = instant(params, "from");
    Instant to = instant(params, "to");
    boolean liveOnly = liveOnly(params.single("state"));
    int limit = limit(params.single("limit"));
    PageCursor cursor = cursor(params.single("cursor"));
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.BadRequest.parameter("from", "must be before 'to'");
    }
    if (q != null && q.length() > BlockQuery.MAX_TEXT_CHARS) {
      throw ApiException.BadRequest.parameter(
          "q", "longer than " + BlockQuery.MAX_TEXT_CHARS + " characters");
    }
    return new BlockQuery(
        types, tag, author, q == null || q.isEmpty() ? null : q, from, to, liveOnly, cursor, limit);
  }

  private static Set<BlockType> types(QueryParams params) {
    Set<BlockType> types = EnumSet.noneOf(BlockType.class);
    for (String value : params.all("type")) {
      for (String name : value.split(",", -1)) {
        try {
          types.add(BlockType.fromWire(name.strip()));
        } catch (InvalidBlockException e) {
          throw ApiException.BadRequest.parameter(
              "type",
              "unknown block type '" + abbreviate(name) + "' (known: " + BlockType.known() + ")");
        }
      }
    }
    return types;
  }

  private static String nonEmpty(QueryParams params, String name) {
    String value = params.single(name);
    if (value != null && value.isEmpty()) {
      throw ApiException.BadRequest.parameter(name, "must not be empty");
    }
    return value;
  }

  private static DeviceId author(String value) {
    if (value == null) {
      return null;
    }
    try {
      return DeviceId.parse(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("author", "not a device ID: " + e.getMessage());
    }
  }

  private static Instant instant(QueryParams params, String name) {
    String value = nonEmpty(params, name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.BadRequest.parameter(
          name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  private static boolean liveOnly(String state) {
    if (state == null || state.equals("live")) {
      return true;
    }
    if (state.equals("all")) {
      return false;
    }
    throw ApiException.BadRequest.parameter("state", "must be live or all");
  }

  private static int limit(String value) {
    if (value == null) {
      return BlockQuery.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= BlockQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // same answer as out of range
    }
    throw ApiException.BadRequest.parameter(
        "limit", "must be a whole number from 1 to " + BlockQuery.MAX_LIMIT);
  }

  private static PageCursor cursor(String token) {
    if (token == null) {
      return null;
    }
    try {
      return PageCursor.parse(token);
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("cursor", e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
