package ai.kiana.server.http;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes for supervisors: {@code /healthz} says the process answers, {@code /readyz} that the store
 * answers a cheap query too.
 */
final class HealthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  private static final BlockQuery PROBE = BlockQuery.all().withLimit(1);

  private final KnowledgeBase knowledge;

  HealthRoutes(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/healthz", this::health).requires(Permission.PUBLIC),
        Route.get("/readyz", this::ready).requires(Permission.PUBLIC));
  }

  private void health(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, Json.mapper().createObjectNode().put("status", "ok"));
  }

  private void ready(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    try {
      knowledge.list(PROBE);
    } catch (RuntimeException e) {
      // Not ready is an answer, not a fault of this request: report it, keep the cause in the log.
      LOG.warn("readiness probe failed: {}", e.toString());
      Exchange.json(
          ctx,
          503,
          Json.mapper()
              .createObjectNode()
              .put("status", "unavailable")
              .put("error", "store_unavailable")
              .put("message", "store unavailable"));
      return;
    }
    Exchange.json(ctx, 200, Json.mapper().createObjectNode().put("status", "ready"));
  }
}
