package ai.kiana.server.http;

import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.StoreStats;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeVersion;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** Who this node is ({@code /api/v1/node}) and what it holds ({@code /api/v1/stats}). */
final class NodeRoutes {

  private final Node node;

  NodeRoutes(Node node) {
    this.node = node;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/v1/node", this::describe).requires(Permission.READ_NODE),
        Route.get("/api/v1/stats", this::stats).requires(Permission.READ_NODE));
  }

  private void describe(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, identity());
  }

  private void stats(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    StoreStats stats = node.knowledge().stats();
    ObjectNode body = identity();
    body.put("uptimeSeconds", node.uptime().toSeconds());
    ObjectNode store = body.putObject("store");
    store.put("backend", stats.backend());
    store.put("blocks", stats.blocks());
    ObjectNode byType = store.putObject("byType");
    for (BlockType type : BlockType.values()) {
      byType.put(type.wireName(), stats.byType().getOrDefault(type, 0L));
    }
    store.put("bytes", stats.bytes());
    Exchange.json(ctx, 200, body);
  }

  private ObjectNode identity() {
    DeviceId id = node.identity().deviceId();
    return Json.mapper()
        .createObjectNode()
        .put("version", NodeVersion.current())
        .put("deviceId", id.hex())
        .put("deviceIdDisplay", id.display());
  }
}
