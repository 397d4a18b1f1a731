package ai.kiana.server.limits;

import ai.kiana.core.json.Json;
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
import java.util.Locale;
import java.util.Set;

/**
 * The allow and deny lists of devices and addresses ({@code /api/v1/access-lists}): read, add and
 * remove entries (creator and admin, MANAGE_DEVICES). Entries from the config are shown but changed
 * only in the config.
 */
public final class AccessListRoutes {

  static final String LISTS = "/api/v1/access-lists";

  private final AccessLists lists;

  public AccessListRoutes(AccessLists lists) {
    this.lists = lists;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(LISTS, this::list).requires(Permission.MANAGE_DEVICES),
        Route.post(LISTS, this::add).requires(Permission.MANAGE_DEVICES),
        Route.delete(LISTS + "/{kind}/{list}/{value}", this::remove)
            .requires(Permission.MANAGE_DEVICES));
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, view());
  }

  private void add(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("kind", "list", "value"));
    AccessLists.Kind kind = kind(body.text("kind"), true);
    AccessLists.Which which = which(body.text("list"), true);
    String value = value(kind, body.text("value"), true);
    if (!lists.wouldPermit(ctx.ip(), kind, which, value)) {
      throw new ApiException.Conflict(
          "this entry would refuse your own address ("
              + ctx.ip()
              + "); change it from another address or with kiana access");
    }
    boolean added = lists.add(kind, which, value, Caller.of(ctx).actor());
    Exchange.json(ctx, added ? 201 : 200, view());
  }

  private void remove(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    AccessLists.Kind kind = kind(ctx.pathParam("kind"), false);
    AccessLists.Which which = which(ctx.pathParam("list"), false);
    String value = value(kind, ctx.pathParam("value"), false);
    if (!lists.remove(kind, which, value, Caller.of(ctx).actor())) {
      throw new ApiException.NotFound(
          "entry_not_found",
          "no "
              + kind.wireName()
              + " "
              + value
              + " on the "
              + which.wireName()
              + " list kept by the API (config entries are changed in the config)");
    }
    Exchange.json(ctx, 200, view());
  }

  private ObjectNode view() {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode items = body.putArray("entries");
    for (AccessLists.Entry e : lists.entries()) {
      items
          .addObject()
          .put("kind", e.kind().wireName())
          .put("list", e.list().wireName())
          .put("value", e.value())
          .put("source", e.source());
    }
    return body;
  }

  private static AccessLists.Kind kind(String wire, boolean field) {
    try {
      return AccessLists.Kind.valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("kind", "must be device or address", field);
    }
  }

  private static AccessLists.Which which(String wire, boolean field) {
    try {
      return AccessLists.Which.valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("list", "must be allow or deny", field);
    }
  }

  private static String value(AccessLists.Kind kind, String raw, boolean field) {
    try {
      return AccessLists.normalise(kind, raw);
    } catch (IllegalArgumentException e) {
      throw bad("value", e.getMessage(), field);
    }
  }

  private static ApiException bad(String name, String problem, boolean field) {
    return field
        ? ApiException.BadRequest.field(name, problem)
        : ApiException.BadRequest.parameter(name, problem);
  }
}
