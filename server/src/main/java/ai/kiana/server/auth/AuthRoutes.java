package ai.kiana.server.auth;

import ai.kiana.core.json.Json;
import ai.kiana.server.access.AuthErrors;
import ai.kiana.server.access.Caller;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.PermissionMatrix;
import ai.kiana.server.access.Security;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.JsonBody;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Logging in and out ({@code /api/v1/auth/…}): login answers {@code {access_token, token_type,
 * expires_in}} and sets the refresh token as an HttpOnly, SameSite=Strict cookie scoped to this
 * path; refresh swaps the cookie for a new one and a new access token; logout ends the cookie's
 * session; logout-all ends every session of the account; setup uses the one-time setup token to
 * make the creator account.
 */
public final class AuthRoutes {

  public static final String AUTH = "/api/v1/auth";
  public static final String REFRESH_COOKIE = "kiana_refresh";

  private final Security security;
  private final AuthService auth;

  public AuthRoutes(Security security) {
    this.security = security;
    this.auth = security.auth();
  }

  public List<Route> routes() {
    return List.of(
        Route.post(AUTH + "/login", this::login).requires(Permission.PUBLIC),
        Route.post(AUTH + "/refresh", this::refresh).requires(Permission.PUBLIC),
        Route.post(AUTH + "/logout", this::logout).requires(Permission.PUBLIC),
        Route.post(AUTH + "/setup", this::setup).requires(Permission.PUBLIC),
        Route.post(AUTH + "/device", this::device).requires(Permission.PUBLIC),
        Route.post(AUTH + "/logout-all", this::logoutAll).requires(Permission.SIGNED_IN),
        Route.post(AUTH + "/password", this::password).requires(Permission.SIGNED_IN),
        Route.get(AUTH + "/me", this::me).requires(Permission.SIGNED_IN));
  }

  private void login(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("username", "password"));
    String address = ctx.ip();
    long wait = security.loginLimit().tryAcquire(address);
    if (wait > 0) {
      security
          .audit()
          .append("anonymous@" + address, AuditAction.RATE_LIMITED, "login", "retry in " + wait);
      throw new ApiException.TooManyRequests(
          "rate_limited", "too many logins from this address; retry in " + wait + " s", wait);
    }
    try {
      session(ctx, 200, auth.login(body.text("username"), body.text("password"), address));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
  }

  /** A device proves its key: an access token, no refresh cookie (it signs again when needed). */
  private void device(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("device", "timestamp", "signature"));
    String address = ctx.ip();
    long wait = security.loginLimit().tryAcquire(address);
    if (wait > 0) {
      throw new ApiException.TooManyRequests(
          "rate_limited", "too many logins from this address; retry in " + wait + " s", wait);
    }
    ai.kiana.core.identity.DeviceId device;
    try {
      device = ai.kiana.core.identity.DeviceId.parse(body.text("device"));
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.field("device", e.getMessage());
    }
    try {
      AuthService.Session s =
          security.deviceLogin().login(device, body.number("timestamp"), body.text("signature"));
      ctx.header("Cache-Control", "no-store");
      Exchange.json(
          ctx,
          200,
          Json.mapper()
              .createObjectNode()
              .put("access_token", s.accessToken())
              .put("token_type", "Bearer")
              .put("expires_in", s.expiresInSeconds()));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
  }

  private void refresh(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    try {
      session(ctx, 200, auth.refresh(ctx.cookie(REFRESH_COOKIE)));
    } catch (AuthException e) {
      clearCookie(ctx);
      throw AuthErrors.toApi(e);
    }
  }

  private void logout(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Caller caller = Caller.of(ctx);
    auth.logout(
        ctx.cookie(REFRESH_COOKIE),
        caller.signedIn() ? auth.account(caller.username()).orElse(null) : null);
    clearCookie(ctx);
    ctx.status(204);
  }

  private void logoutAll(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    auth.logoutEverywhere(self(ctx));
    clearCookie(ctx);
    ctx.status(204);
  }

  private void password(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("currentPassword", "newPassword"));
    Account me = self(ctx);
    if (!PasswordHasher.matches(body.text("currentPassword"), me.passwordHash())) {
      throw new ApiException.Forbidden("wrong_password", "the current password is wrong");
    }
    try {
      auth.changePassword(me.username(), body.text("newPassword"), me);
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
    clearCookie(ctx);
    ctx.status(204);
  }

  private void setup(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("token", "username", "password"));
    String username = body.optionalText("username");
    try {
      Account creator =
          auth.setUpCreator(
              body.text("token"),
              username == null ? Account.DEFAULT_CREATOR : username,
              body.text("password"));
      session(ctx, 201, auth.sessionFor(creator));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
  }

  private void me(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Caller caller = Caller.of(ctx);
    ObjectNode body =
        Json.mapper()
            .createObjectNode()
            .put("username", caller.username())
            .put("role", caller.role().wireName());
    ArrayNode held = body.putArray("permissions");
    for (Permission p : Permission.values()) {
      if (p != Permission.PUBLIC && PermissionMatrix.allows(caller.role(), p)) {
        held.add(p.wireName());
      }
    }
    Exchange.json(ctx, 200, body);
  }

  private Account self(Context ctx) {
    return auth.account(Caller.of(ctx).username())
        .orElseThrow(() -> new ApiException.Unauthorized("unauthorized", "the account is gone"));
  }

  private void session(Context ctx, int status, AuthService.Session s) {
    ctx.header(
        "Set-Cookie",
        REFRESH_COOKIE
            + "="
            + s.refreshToken()
            + "; Path="
            + AUTH
            + "; Max-Age="
            + AuthService.DEFAULT_REFRESH_TTL.toSeconds()
            + "; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
    ctx.header("Cache-Control", "no-store");
    Exchange.json(
        ctx,
        status,
        Json.mapper()
            .createObjectNode()
            .put("access_token", s.accessToken())
            .put("token_type", "Bearer")
            .put("expires_in", s.expiresInSeconds()));
  }

  private static void clearCookie(Context ctx) {
    ctx.header(
        "Set-Cookie",
        REFRESH_COOKIE
            + "=; Path="
            + AUTH
            + "; Max-Age=0; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
  }

  private static boolean secure(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme());
  }
}
