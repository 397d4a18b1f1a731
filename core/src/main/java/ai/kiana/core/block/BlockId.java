package ai.kiana.core.block;

import java.util.Locale;

/** A block's ID: the SHA-256 of its signing bytes, as 64 lowercase hex characters. */
public record BlockId(String hex) implements Comparable<BlockId> {

  public BlockId {
    if (!isValid(hex)) {
      throw new InvalidBlockException("id", "a block ID is 64 lowercase hex characters");
    }
  }

  /** Parses user input leniently as to case; anything else is an {@link InvalidBlockException}. */
  public static BlockId parse(String text) {
    if (text == null) {
      throw new InvalidBlockException("id", "missing block ID");
    }
    String lower = text.strip().toLowerCase(Locale.ROOT);
    if (!isValid(lower)) {
      throw new InvalidBlockException(
          "id", "'" + abbreviate(text) + "' is not a block ID (64 hex characters)");
    }
    return new BlockId(lower);
  }

  /** Parses an ID exactly as it must appear inside a block: lowercase hex, nothing else. */
  public static BlockId parseStrict(String hex) {
    if (!isValid(hex)) {
      throw new InvalidBlockException(
          "id", "'" + abbreviate(String.valueOf(hex)) + "' is not 64 lowercase hex characters");
    }
    return new BlockId(hex);
  }

  public static boolean isValid(String hex) {
    if (hex == null || hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The first 12 characters, enough to tell blocks apart in a listing. */
  public String shortForm() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(BlockId o) {
    return hex.compareTo(o.hex);
  }

  @Override
  public String toString() {
    return hex;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
