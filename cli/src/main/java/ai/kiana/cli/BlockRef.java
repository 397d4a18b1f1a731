package ai.kiana.cli;

import ai.kiana.core.block.BlockId;
import ai.kiana.server.node.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A block named on the command line: its full ID, or a prefix of at least {@value #MIN_PREFIX} hex
 * characters such as the short IDs {@code kiana blocks list} shows.
 */
record BlockRef(String hex) {

  static final int MIN_PREFIX = 6;

  /** Checks the form only, so a malformed ID is a usage error before any data is opened. */
  static BlockRef parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.length() < MIN_PREFIX
        || s.length() > 64
        || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw CliException.usage(
          "'"
              + abbreviate(text)
              + "' is not a block ID (64 hex characters, or the first "
              + MIN_PREFIX
              + " or more of them)");
    }
    return new BlockRef(s);
  }

  /**
   * The one stored block this names.
   *
   * @throws CliException not found (exit 3), or ambiguous prefix (exit 2)
   */
  BlockId resolve(Node node) {
    if (hex.length() == 64) {
      BlockId id = new BlockId(hex);
      if (!node.store().contains(id)) {
        throw CliException.notFound("no block " + hex);
      }
      return id;
    }
    // The store has no prefix lookup; one pass over a snapshot is fast enough for a person typing.
    List<BlockId> matches = new ArrayList<>();
    node.store()
        .forEach(
            b -> {
              if (b.id().hex().startsWith(hex)) {
                matches.add(b.id());
              }
            });
    if (matches.isEmpty()) {
      throw CliException.notFound("no block starts with " + hex);
    }
    if (matches.size() > 1) {
      throw CliException.usage(
          hex + " is ambiguous: " + matches.size() + " blocks start with it; give more characters");
    }
    return matches.get(0);
  }

  /**
   * The one of {@code ids} (hex) this names; a full ID is returned as it is (whoever holds the
   * blocks then says whether it exists).
   *
   * @throws CliException not found (exit 3), or ambiguous prefix (exit 2)
   */
  String resolveAmong(java.util.Collection<String> ids) {
    if (hex.length() == 64) {
      return hex;
    }
    List<String> matches = ids.stream().filter(id -> id.startsWith(hex)).toList();
    if (matches.isEmpty()) {
      throw CliException.notFound("no memory starts with " + hex);
    }
    if (matches.size() > 1) {
      throw CliException.usage(
          hex
              + " is ambiguous: "
              + matches.size()
              + " memories start with it; give more characters");
    }
    return matches.get(0);
  }

  private static String abbreviate(String s) {
    String t = String.valueOf(s);
    return t.length() > 70 ? t.substring(0, 70) + "…" : t;
  }
}
