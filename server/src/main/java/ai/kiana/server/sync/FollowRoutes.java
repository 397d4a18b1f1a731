package ai.kiana.server.sync;

import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import ai.kiana.server.node.ConfigException;
import ai.kiana.server.node.Node;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/settings/sync}: what this node follows (selective sync: scopes, tags, since). A
 * change is validated, written to {@code kiana.properties} and applied to the running network at
 * once (its peers are redialled with the new filter), without a restart.
 */
public final class FollowRoutes {

  static final String PATH = "/api/v1/settings/sync";
  private static final Set<String> FIELDS = Set.of("scopes", "tags", "since");

  private final Node node;
  private final Clock clock;

  public FollowRoutes(Node node) {
    this.node = node;
    this.clock = node.clock();
  }

  public List<Route> routes() {
    return List.of(
        Route.get(PATH, this::get).requires(Permission.READ_NODE),
        Route.put(PATH, this::put).requires(Permission.MANAGE_SETTINGS));
  }

  private FollowPolicy current() {
    return node.following()
        .orElseGet(() -> SyncSettings.load(node.config().dataDir(), System.getenv()).follow());
  }

  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, json(current(), clock));
  }

  private void put(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("expected a JSON object {scopes?, tags?, since?}");
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw ApiException.BadRequest.unknownField(f);
              }
            });
    JsonNode since = body.path("since");
    if (!since.isMissingNode() && !since.isNull() && !since.isTextual()) {
      throw ApiException.BadRequest.field("since", "must be a string such as 30d, or null");
    }
    FollowPolicy policy;
    try {
      policy =
          SyncSettings.follow(
              String.join(",", strings(body, "scopes")),
              String.join(",", strings(body, "tags")),
              since.isTextual() ? since.asText() : "");
    } catch (ConfigException e) {
      String field = e.key().substring("sync.".length());
      throw ApiException.BadRequest.field(field, e.problem());
    }
    SyncSettings.saveFollow(node.config().dataDir(), policy);
    node.follow(policy);
    ObjectNode out = json(policy, clock);
    out.put("applied", node.network() != null ? "now" : "when sync starts");
    Exchange.json(ctx, 200, out);
  }

  /** A list of strings without commas (the settings file separates them with commas). */
  private static List<String> strings(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.BadRequest.field(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isTextual() || s.asText().isBlank() || s.asText().contains(",")) {
        throw ApiException.BadRequest.field(
            field, "must be an array of non-empty strings without commas");
      }
      out.add(s.asText().strip());
    }
    return out;
  }

  static ObjectNode json(FollowPolicy p, Clock clock) {
    ObjectNode o = Json.mapper().createObjectNode();
    var scopes = o.putArray("scopes");
    p.scopes().stream().map(Scope::wireName).sorted().forEach(scopes::add);
    var tags = o.putArray("tags");
    new TreeSet<>(p.tags()).forEach(tags::add);
    o.put("since", p.sinceText());
    long after = p.filterAt(clock.instant()).createdAfterMillis();
    if (after == 0) {
      o.putNull("createdAfter");
    } else {
      o.put("createdAfter", java.time.Instant.ofEpochMilli(after).toString());
    }
    return o;
  }
}
