package ai.kiana.server.auth;

import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.access.AuthErrors;
import ai.kiana.server.access.Caller;
import ai.kiana.server.access.Permission;
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
 * Managing accounts ({@code /api/v1/accounts}): list, create, remove, set the role or password. An
 * admin may manage users, subminds and sensors; creators and admins only a creator.
 */
public final class AccountRoutes {

  public static final String ACCOUNTS = "/api/v1/accounts";

  private final AuthService auth;
  private final java.util.function.Consumer<String> removed;

  public AccountRoutes(AuthService auth) {
    this(auth, name -> {});
  }

  /**
   * @param removed told the name of each removed account (its scope grants go with it)
   */
  public AccountRoutes(AuthService auth, java.util.function.Consumer<String> removed) {
    this.auth = auth;
    this.removed = removed;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(ACCOUNTS, this::list).requires(Permission.MANAGE_ACCOUNTS),
        Route.post(ACCOUNTS, this::create).requires(Permission.MANAGE_ACCOUNTS),
        Route.delete(ACCOUNTS + "/{username}", this::remove).requires(Permission.MANAGE_ACCOUNTS),
        Route.put(ACCOUNTS + "/{username}/role", this::role).requires(Permission.MANAGE_ACCOUNTS),
        Route.put(ACCOUNTS + "/{username}/password", this::password)
            .requires(Permission.MANAGE_ACCOUNTS));
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode items = body.putArray("accounts");
    for (Account a : auth.accounts()) {
      items.add(view(a));
    }
    Exchange.json(ctx, 200, body);
  }

  private void create(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("username", "role", "password"));
    Role role = role(body.text("role"));
    try {
      Account a = auth.create(body.text("username"), role, body.text("password"), caller(ctx));
      Exchange.json(ctx, 201, view(a));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
  }

  private void remove(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    try {
      String name = username(ctx);
      auth.remove(name, caller(ctx));
      removed.accept(name);
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
    ctx.status(204);
  }

  private void role(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("role"));
    try {
      Exchange.json(
          ctx, 200, view(auth.changeRole(username(ctx), role(body.text("role")), caller(ctx))));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
  }

  private void password(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("password"));
    try {
      auth.changePassword(username(ctx), body.text("password"), caller(ctx));
    } catch (AuthException e) {
      throw AuthErrors.toApi(e);
    }
    ctx.status(204);
  }

  private Account caller(Context ctx) {
    return auth.account(Caller.of(ctx).username())
        .orElseThrow(() -> new ApiException.Unauthorized("unauthorized", "the account is gone"));
  }

  private static String username(Context ctx) {
    try {
      return Account.checkUsername(ctx.pathParam("username"));
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("username", e.getMessage());
    }
  }

  private static Role role(String wire) {
    try {
      return Role.fromWire(wire);
    } catch (InvalidLedgerDataException e) {
      throw ApiException.BadRequest.field("role", e.problem());
    }
  }

  static ObjectNode view(Account a) {
    return Json.mapper()
        .createObjectNode()
        .put("username", a.username())
        .put("role", a.role().wireName())
        .put("created", a.createdMs());
  }
}
