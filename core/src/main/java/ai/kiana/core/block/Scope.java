package ai.kiana.core.block;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who may see a block: only its owner's devices, the household, or anyone it is shared with. */
public enum Scope {
  PRIVATE,
  HOUSEHOLD,
  PUBLIC;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope fromWire(String name) {
    for (Scope s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    throw new InvalidBlockException(
        "scope",
        "unknown scope '"
            + name
            + "' (known: "
            + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
