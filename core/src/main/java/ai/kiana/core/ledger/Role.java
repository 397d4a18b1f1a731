package ai.kiana.core.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A device's role in the user's network (DESIGN.md, "Safety"). The wire name is lower case. */
public enum Role {
  /** The owner's device that holds the root key; made by {@code kiana init}. */
  CREATOR,
  /** May admit, revoke and re-role devices other than creators and admins. */
  ADMIN,
  /** A person's ordinary device. */
  USER,
  /** A device acting for the user (an agent). */
  SUBMIND,
  /** Write-only ingestion of its own scope. */
  SENSOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether granting or taking away this role needs a creator (creator and admin do). */
  public boolean privileged() {
    return this == CREATOR || this == ADMIN;
  }

  /**
   * @throws InvalidLedgerDataException for an unknown name (field "role")
   */
  public static Role fromWire(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new InvalidLedgerDataException(
        "role", "unknown role '" + name + "' (known: " + known() + ")");
  }

  public static String known() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
