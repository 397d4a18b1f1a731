package ai.kiana.server.access;

import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.JsonBody;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Granting scopes ({@code /api/v1/accounts/{username}/scopes}): which scopes a user sees and
 * writes, and which is a sensor's own. Creators and admins manage them (MANAGE_ACCOUNTS).
 */
public final class ScopeRoutes {

  static final String SCOPES = "/api/v1/accounts/{username}/scopes";

  /** A device's account name: grants may be made before the device first logs in. */
  static final Pattern DEVICE_ACCOUNT = Pattern.compile("device-[0-9a-f]{16}");

  private final AuthService auth;
  private final ScopeGrants grants;

  public ScopeRoutes(AuthService auth, ScopeGrants grants) {
    this.auth = auth;
    this.grants = grants;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(SCOPES, this::list).requires(Permission.MANAGE_ACCOUNTS),
        Route.post(SCOPES, this::grant).requires(Permission.MANAGE_ACCOUNTS),
        Route.delete(SCOPES + "/{scope}", this::revoke).requires(Permission.MANAGE_ACCOUNTS));
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, view(principal(ctx)));
  }

  private void grant(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String principal = principal(ctx);
    Scope scope = scope(JsonBody.read(ctx, Set.of("scope")).text("scope"), "scope", true);
    boolean added = grants.grant(principal, scope, Caller.of(ctx).actor());
    Exchange.json(ctx, added ? 201 : 200, view(principal));
  }

  private void revoke(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String principal = principal(ctx);
    Scope scope = scope(ctx.pathParam("scope"), "scope", false);
    if (!grants.revoke(principal, scope, Caller.of(ctx).actor())) {
      throw new ApiException.NotFound(
          "grant_not_found", principal + " holds no grant of scope '" + scope.wireName() + "'");
    }
    Exchange.json(ctx, 200, view(principal));
  }

  private ObjectNode view(String principal) {
    ObjectNode body = Json.mapper().createObjectNode().put("username", principal);
    var items = body.putArray("scopes");
    Set<Scope> granted = grants.granted(principal);
    if (!granted.isEmpty()) {
      EnumSet.copyOf(granted).forEach(s -> items.add(s.wireName()));
    }
    return body;
  }

  /** An existing account, or a device's account that is made at its first login. */
  private String principal(Context ctx) {
    String name;
    try {
      name = Account.checkUsername(ctx.pathParam("username"));
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("username", e.getMessage());
    }
    if (auth.account(name).isEmpty() && !DEVICE_ACCOUNT.matcher(name).matches()) {
      throw new ApiException.NotFound("account_not_found", "no account named " + name);
    }
    return name;
  }

  private static Scope scope(String wire, String name, boolean field) {
    try {
      return Scope.fromWire(wire);
    } catch (InvalidBlockException e) {
      String problem = "unknown scope (known: private, household, public)";
      throw field
          ? ApiException.BadRequest.field(name, problem)
          : ApiException.BadRequest.parameter(name, problem);
    }
  }
}
