package ai.kiana.server.access;

import ai.kiana.core.block.Scope;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.DeviceLogin;
import ai.kiana.store.sql.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which scopes are granted to which account or device (table {@code scope_grants}, migration V7).
 * Grants matter for users (what they see and write) and sensors (their own scope); the other roles
 * use every scope. Granting and revoking are audited. Reads are cached for a second, as every
 * request of a user asks; a change made through this object counts at once, one made by another
 * process (the CLI) within the second.
 */
public final class ScopeGrants {

  private final Database db;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** How long a grant read from the database is used: changes by the CLI count within it. */
  static final long CACHE_NANOS = 1_000_000_000L;

  private record Cached(Set<Scope> scopes, long loadedNanos) {}

  public ScopeGrants(Database db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** The scopes granted to {@code principal} (an account name). */
  public Set<Scope> granted(String principal) {
    long now = System.nanoTime();
    Cached c = cache.get(principal);
    if (c != null && now - c.loadedNanos() < CACHE_NANOS) {
      return c.scopes();
    }
    Set<Scope> scopes = load(principal);
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(principal, new Cached(scopes, now));
    return scopes;
  }

  /** What an account of {@code role} named {@code principal} may read and write. */
  public ScopeAccess accessOf(String principal, Role role) {
    return switch (role) {
      case CREATOR, ADMIN, SUBMIND -> ScopeAccess.ALL;
      case USER, SENSOR -> ScopeAccess.of(role, granted(principal));
    };
  }

  /**
   * Whether device {@code device} with ledger role {@code role} (null: not in the ledger) may add a
   * block to {@code scope}: sync asks this of every received block, so a sensor's blocks outside
   * its own scope are declined on every node that knows its grant.
   */
  public boolean deviceMayWrite(DeviceId device, Role role, Scope scope) {
    return role != Role.SENSOR
        || accessOf(DeviceLogin.accountName(device), Role.SENSOR).canWrite(scope);
  }

  /**
   * @return false if it was granted already
   */
  public boolean grant(String principal, Scope scope, String actor) {
    boolean added =
        write(
            "INSERT INTO scope_grants (principal, scope, granted_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (principal, scope) DO NOTHING",
            principal,
            scope.wireName(),
            clock.millis());
    cache.remove(principal);
    if (added) {
      audit.append(actor, AuditAction.SCOPE_GRANTED, principal, scope.wireName());
    }
    return added;
  }

  /**
   * @return false if it was not granted
   */
  public boolean revoke(String principal, Scope scope, String actor) {
    boolean removed =
        write(
            "DELETE FROM scope_grants WHERE principal = ? AND scope = ?",
            principal,
            scope.wireName());
    cache.remove(principal);
    if (removed) {
      audit.append(actor, AuditAction.SCOPE_REVOKED, principal, scope.wireName());
    }
    return removed;
  }

  /** Drops every grant of a removed account, so a new account of the same name starts empty. */
  public void forget(String principal) {
    write("DELETE FROM scope_grants WHERE principal = ?", principal);
    cache.remove(principal);
  }

  private Set<Scope> load(String principal) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT scope FROM scope_grants WHERE principal = ?")) {
              ps.setString(1, principal);
              Set<Scope> out = EnumSet.noneOf(Scope.class);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(Scope.fromWire(rs.getString(1)));
                }
              }
              return Set.copyOf(out);
            }
          });
    } catch (SQLException e) {
      throw new StoreException("scope grants: " + e.getMessage(), e);
    }
  }

  private boolean write(String sql, Object... params) {
    try {
      return db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
              }
              return ps.executeUpdate() > 0;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("scope grants: " + e.getMessage(), e);
    }
  }
}
