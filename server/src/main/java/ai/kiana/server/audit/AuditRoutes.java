package ai.kiana.server.audit;

import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** The audit log for the creator: entries oldest first from {@code after}, and a chain check. */
public final class AuditRoutes {

  public static final String AUDIT = "/api/v1/audit";
  public static final int DEFAULT_PAGE = 100;
  public static final int MAX_PAGE = 1000;

  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(AUDIT, this::list).requires(Permission.READ_AUDIT),
        Route.get(AUDIT + "/verify", this::verify).requires(Permission.READ_AUDIT));
  }

  private void list(Context ctx) {
    QueryParams params = QueryParams.parse(ctx.queryString(), Set.of("after", "limit"));
    long after = params.number("after", 0, 0, Long.MAX_VALUE / 2);
    int limit = (int) params.number("limit", DEFAULT_PAGE, 1, MAX_PAGE);
    List<AuditEntry> entries = audit.entries(after, limit);
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode items = body.putArray("entries");
    entries.forEach(e -> items.add(e.toJson()));
    if (entries.size() == limit) {
      body.put("next", entries.getLast().seq());
    } else {
      body.putNull("next");
    }
    Exchange.json(ctx, 200, body);
  }

  private void verify(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    AuditLog.Report r = audit.verify();
    ObjectNode body =
        Json.mapper().createObjectNode().put("ok", r.ok()).put("entries", r.entries());
    if (!r.ok()) {
      body.put("problem", r.problem());
    }
    Exchange.json(ctx, 200, body);
  }
}
