package ai.kiana.server.access;

import ai.kiana.core.ledger.Role;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which role holds which permission: the one place this is decided (DESIGN.md, "Safety").
 *
 * <table>
 *   <caption>Roles and their permissions</caption>
 *   <tr><th>role</th><th>holds</th></tr>
 *   <tr><td>creator</td><td>everything</td></tr>
 *   <tr><td>admin</td><td>everything but reading the audit log, setting the kill phrase and
 *       resuming</td></tr>
 *   <tr><td>user</td><td>node, read/write knowledge, import, chat, read ledger, messages</td></tr>
 *   <tr><td>submind</td><td>as user, plus sync</td></tr>
 *   <tr><td>sensor</td><td>write knowledge only</td></tr>
 * </table>
 *
 * <p>{@link Permission#PUBLIC} needs no account; {@link Permission#SIGNED_IN} any account.
 */
public final class PermissionMatrix {

  private static final Map<Role, Set<Permission>> HELD = new EnumMap<>(Role.class);

  static {
    Set<Permission> user =
        EnumSet.of(
            Permission.SIGNED_IN,
            Permission.READ_NODE,
            Permission.READ_KNOWLEDGE,
            Permission.WRITE_KNOWLEDGE,
            Permission.IMPORT,
            Permission.CHAT,
            Permission.READ_LEDGER,
            Permission.MESSAGES);
    Set<Permission> submind = EnumSet.copyOf(user);
    submind.add(Permission.SYNC);
    Set<Permission> admin = EnumSet.allOf(Permission.class);
    admin.removeAll(EnumSet.of(Permission.READ_AUDIT, Permission.RESUME));
    HELD.put(Role.CREATOR, EnumSet.allOf(Permission.class));
    HELD.put(Role.ADMIN, admin);
    HELD.put(Role.USER, user);
    HELD.put(Role.SUBMIND, submind);
    HELD.put(Role.SENSOR, EnumSet.of(Permission.SIGNED_IN, Permission.WRITE_KNOWLEDGE));
    HELD.replaceAll((role, set) -> Set.copyOf(set));
  }

  private PermissionMatrix() {}

  /** Whether an account with {@code role} may use a route that needs {@code permission}. */
  public static boolean allows(Role role, Permission permission) {
    return permission == Permission.PUBLIC || HELD.get(role).contains(permission);
  }

  /** The permissions a role holds, for documentation and the role × route test. */
  public static Set<Permission> held(Role role) {
    return HELD.get(role);
  }
}
