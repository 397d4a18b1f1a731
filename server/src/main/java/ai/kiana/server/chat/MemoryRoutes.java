package ai.kiana.server.chat;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.ScopeAccess;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/memories}: list, add, edit (supersedes) and delete (retracts) memories. */
public final class MemoryRoutes {

  static final String MEMORIES = "/api/v1/memories";

  private final Memories memories;

  public MemoryRoutes(Memories memories) {
    this.memories = memories;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(MEMORIES, this::list).requires(Permission.READ_KNOWLEDGE),
        Route.post(MEMORIES, this::add).requires(Permission.WRITE_KNOWLEDGE),
        Route.put(MEMORIES + "/{id}", this::edit).requires(Permission.WRITE_KNOWLEDGE),
        Route.delete(MEMORIES + "/{id}", this::delete).requires(Permission.WRITE_KNOWLEDGE));
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("memories");
    // Memories are private: a caller not granted that scope has none to see.
    if (ScopeAccess.of(ctx).canRead(Scope.PRIVATE)) {
      memories.list().forEach(m -> list.add(json(m)));
    }
    Exchange.json(ctx, 200, out);
  }

  private void add(Context ctx) {
    ScopeAccess.of(ctx).requireWrite(Scope.PRIVATE);
    KnowledgeBlock m = memories.add(text(ctx));
    ctx.header(Header.LOCATION, MEMORIES + "/" + m.id().hex());
    Exchange.json(ctx, 201, json(m));
  }

  private void edit(Context ctx) {
    ScopeAccess.of(ctx).requireWrite(Scope.PRIVATE);
    BlockId id = Bodies.blockId(ctx.pathParam("id"), "id");
    Exchange.json(ctx, 200, json(memories.edit(id, text(ctx))));
  }

  private void delete(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    ScopeAccess.of(ctx).requireWrite(Scope.PRIVATE);
    memories.delete(Bodies.blockId(ctx.pathParam("id"), "id"));
    ctx.status(204);
  }

  private static String text(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    Bodies.onlyFields(body, Set.of("text"));
    return Bodies.message(body, "text").strip();
  }

  static ObjectNode json(KnowledgeBlock m) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", m.id().hex());
    o.put("text", m.content());
    o.put("created", m.created().instant().toString());
    ArrayNode sup = o.putArray("supersedes");
    m.supersedes().forEach(id -> sup.add(id.hex()));
    return o;
  }
}
