package ai.kiana.core.block;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a block holds. The wire name is the lower-case constant name. */
public enum BlockType {
  /** A statement the user taught. */
  FACT,
  /** Free-form text: a thought, a draft, a list. */
  NOTE,
  /** Something the assistant should remember about the user. */
  MEMORY,
  /** A piece of an imported document; {@code source} names the document. */
  CHUNK,
  /** One turn of a conversation. */
  CHAT,
  /** A device's rating of another block. */
  RATING,
  /** Deletes the blocks it supersedes. */
  RETRACTION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BlockType fromWire(String name) {
    for (BlockType t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    throw new InvalidBlockException(
        "type", "unknown block type '" + name + "' (known: " + known() + ")");
  }

  public static String known() {
    return Arrays.stream(values()).map(BlockType::wireName).collect(Collectors.joining(", "));
  }
}
