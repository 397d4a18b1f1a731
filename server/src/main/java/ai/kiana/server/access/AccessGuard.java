package ai.kiana.server.access;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.auth.Account;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Route;
import ai.kiana.server.limits.RateLimiter;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import java.util.Optional;

/**
 * Runs before every route: who is calling (bearer token), from an address that is allowed, with the
 * permission the route declares, not refused by the kill switch, within its rate limit. Only then
 * does the route's own handler run. A route without a declaration is served to the creator only.
 */
public final class AccessGuard {

  private static final String BEARER = "Bearer ";

  /** Longer Authorization headers are not tokens this node issued; not parsed at all. */
  static final int MAX_TOKEN_CHARS = 4096;

  private final Security security;

  public AccessGuard(Security security) {
    this.security = security;
  }

  /** The route's handler behind the checks. */
  public Handler wrap(Route route) {
    Handler handler = route.handler();
    Permission needed = route.permission();
    return ctx -> {
      check(ctx, needed);
      handler.handle(ctx);
    };
  }

  /**
   * The checks alone, for a route needing {@code needed} (null: undeclared).
   *
   * @throws ApiException 401, 403, 429 or 503 (halted)
   */
  public Caller check(Context ctx, Permission needed) {
    String address = ctx.ip();
    if (!security.addresses().permits(address)) {
      security.audit().append("anonymous@" + address, AuditAction.ADDRESS_DENIED, ctx.path(), "");
      throw new ApiException.Forbidden("address_denied", "requests from this address are refused");
    }
    if (needed == Permission.PUBLIC) {
      // A stale token must not keep anyone from logging in again or from the health probes.
      Caller caller;
      try {
        caller = authenticate(ctx, address);
      } catch (ApiException.Unauthorized | ai.kiana.core.block.StoreException e) {
        // Nor must a store that is down keep /readyz from saying so.
        caller = Caller.anonymous(address);
      }
      caller.attachTo(ctx);
      return caller;
    }
    Caller caller = authenticate(ctx, address);
    caller.attachTo(ctx);
    if (!caller.signedIn()) {
      throw new ApiException.Unauthorized(
          "unauthenticated", "log in first: send Authorization: Bearer <access token>");
    }
    if (!security.addresses().permitsAccount(caller.username())) {
      security.audit().append(caller.actor(), AuditAction.DEVICE_DENIED, ctx.path(), "request");
      throw new ApiException.Forbidden(
          "device_denied", "this device is refused by the node's device list");
    }
    security.scopes().accessOf(caller.username(), caller.role()).attachTo(ctx);
    boolean allowed =
        needed == null
            ? caller.role() == Role.CREATOR
            : PermissionMatrix.allows(caller.role(), needed);
    if (!allowed) {
      security
          .audit()
          .append(
              caller.actor(),
              AuditAction.PERMISSION_DENIED,
              ctx.method() + " " + ctx.path(),
              "role "
                  + caller.role().wireName()
                  + " lacks "
                  + (needed == null ? "(undeclared route)" : needed.wireName()));
      throw new ApiException.Forbidden(
          "permission_denied",
          "your role ("
              + caller.role().wireName()
              + ") may not do this"
              + (needed == null ? "" : " (needs " + needed.wireName() + ")"));
    }
    if (needed != null && security.killSwitch().halted()) {
      Permission.Halt h = needed.duringHalt();
      if (h == Permission.Halt.REFUSED
          || (h == Permission.Halt.CREATOR_ONLY && caller.role() != Role.CREATOR)) {
        throw new ApiException.ServiceUnavailable(
            "node_halted",
            "this node is halted by the kill switch; only the creator can resume it");
      }
    }
    RateLimiter limit = needed == null ? null : security.accountLimits().get(needed);
    if (limit != null) {
      long wait = limit.tryAcquire(caller.username());
      if (wait > 0) {
        throw new ApiException.TooManyRequests(
            "rate_limited", "too many requests; retry in " + wait + " s", wait);
      }
    }
    return caller;
  }

  private Caller authenticate(Context ctx, String address) {
    String header = ctx.header(Header.AUTHORIZATION);
    if (header == null) {
      return Caller.anonymous(address);
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || header.length() > MAX_TOKEN_CHARS) {
      throw new ApiException.Unauthorized(
          "invalid_token", "the Authorization header must be 'Bearer <access token>'");
    }
    Optional<Account> account =
        security.auth().authenticate(header.substring(BEARER.length()).strip());
    if (account.isEmpty()) {
      throw new ApiException.Unauthorized(
          "invalid_token", "the access token is not valid (expired, revoked or not issued here)");
    }
    Account a = account.get();
    return new Caller(a.id(), a.username(), a.role(), address);
  }
}
