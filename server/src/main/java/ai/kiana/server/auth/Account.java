package ai.kiana.server.auth;

import ai.kiana.core.ledger.Role;
import java.util.regex.Pattern;

/** A person's (or device's) account on this node. The password hash never leaves the server. */
public record Account(
    long id, String username, Role role, String passwordHash, long tokenVersion, long createdMs) {

  /** Lower-case letters, digits, '.', '_' and '-', 1 to 64 characters, starting with a letter. */
  public static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

  /** The creator account {@code kiana init} makes. */
  public static final String DEFAULT_CREATOR = "creator";

  /**
   * @throws IllegalArgumentException naming the rule a name breaks
   */
  public static String checkUsername(String name) {
    if (name == null || !USERNAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a user name has 1-64 characters a-z, 0-9, '.', '_', '-' and starts with a letter");
    }
    return name;
  }
}
