package ai.kiana.server.access;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.AccessTokens;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.auth.DeviceLogin;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.auth.SecurityStore;
import ai.kiana.server.killswitch.DeviceRevocation;
import ai.kiana.server.killswitch.KillSwitch;
import ai.kiana.server.killswitch.SafetyEvents;
import ai.kiana.server.killswitch.SafetyListener;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.limits.AccessConfig;
import ai.kiana.server.limits.AccessLists;
import ai.kiana.server.limits.LoginThrottle;
import ai.kiana.server.limits.RateLimiter;
import ai.kiana.store.sql.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * A node's security parts, built together in dependency order: the audit log, accounts and
 * sessions, the kill switch, device revocation, the safety event listeners, rate limits, the allow
 * and deny lists of devices and addresses, and scope grants. {@link ai.kiana.server.node.Node}
 * builds one; {@link AccessGuard} uses it for every request.
 */
public record Security(
    AuditLog audit,
    AuthService auth,
    DeviceLogin deviceLogin,
    KillSwitch killSwitch,
    DeviceRevocation revocation,
    SafetyEvents events,
    RateLimiter loginLimit,
    Map<Permission, RateLimiter> accountLimits,
    AccessLists addresses,
    ScopeGrants scopes)
    implements AutoCloseable {

  /** Stops the kill switch's watcher thread; the database belongs to the node. */
  @Override
  public void close() {
    killSwitch.close();
  }

  /** Login attempts per address and minute. */
  public static final int DEFAULT_LOGINS_PER_MINUTE = 20;

  /** Requests per account and minute for the permissions that cost the node real work. */
  public static final Map<Permission, Integer> DEFAULT_PER_MINUTE =
      Map.of(Permission.CHAT, 60, Permission.IMPORT, 120, Permission.SYNC, 600);

  public static Security open(
      Path dataDir, Database db, LedgerService ledger, AccessConfig access, Clock clock) {
    SecurityStore store = new SecurityStore(db);
    AuditLog audit = new AuditLog(db, dataDir, clock);
    AccessTokens tokens = AccessTokens.create(dataDir, ledger.deviceId(), clock);
    AuthService auth =
        new AuthService(
            store, tokens, audit, PasswordHasher.DEFAULT, new LoginThrottle(clock), clock);
    SafetyEvents events = new SafetyEvents();
    KillSwitch killSwitch =
        new KillSwitch(
            store, audit, ledger, PasswordHasher.DEFAULT, new LoginThrottle(clock), events, clock);
    DeviceRevocation revocation = new DeviceRevocation(ledger, audit, events);
    AccessLists lists = new AccessLists(access, db, audit, clock);
    DeviceLogin deviceLogin =
        new DeviceLogin(ledger, store, auth, audit, Ed25519Engines.fastest(), lists, clock);
    events.add(
        new SafetyListener() {
          @Override
          public void deviceRevoked(ai.kiana.core.identity.DeviceId device, String reason) {
            deviceLogin.revoked(device);
          }
        });
    Map<Permission, RateLimiter> limits = new EnumMap<>(Permission.class);
    DEFAULT_PER_MINUTE.forEach(
        (p, n) -> limits.put(p, new RateLimiter(p.wireName(), n, Duration.ofMinutes(1))));
    return new Security(
        audit,
        auth,
        deviceLogin,
        killSwitch,
        revocation,
        events,
        new RateLimiter("login", DEFAULT_LOGINS_PER_MINUTE, Duration.ofMinutes(1)),
        Map.copyOf(limits),
        lists,
        new ScopeGrants(db, audit, clock));
  }
}
