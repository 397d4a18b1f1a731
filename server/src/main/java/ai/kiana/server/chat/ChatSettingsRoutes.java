package ai.kiana.server.chat;

import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.chat.InvalidSettingsException;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import ai.kiana.server.node.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/settings/chat}: which backend answers. A change is validated, written to {@code
 * kiana.properties} and used from the next question on, without a restart.
 */
public final class ChatSettingsRoutes {

  static final String SETTINGS = "/api/v1/settings/chat";

  private final ChatService chat;
  private final Path dataDir;

  public ChatSettingsRoutes(ChatService chat, Path dataDir) {
    this.chat = chat;
    this.dataDir = dataDir;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(SETTINGS, this::get).requires(Permission.READ_NODE),
        Route.put(SETTINGS, this::put).requires(Permission.MANAGE_SETTINGS));
  }

  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, json(chat.settings()));
  }

  private void put(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    Bodies.onlyFields(body, Set.of("backend", "model", "url"));
    String backend = Bodies.optionalText(body, "backend");
    if (backend == null) {
      throw ApiException.BadRequest.missingField("backend");
    }
    ChatSettings next;
    try {
      next =
          chat.settings()
              .with(backend, Bodies.optionalText(body, "model"), Bodies.optionalText(body, "url"));
    } catch (InvalidSettingsException e) {
      String field = e.key().substring("chat.".length());
      throw ApiException.BadRequest.field(field, e.getMessage().substring(e.key().length() + 2));
    }
    ConfigLoader.saveChat(dataDir, next);
    chat.use(next);
    Exchange.json(ctx, 200, json(next));
  }

  static ObjectNode json(ChatSettings s) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("backend", s.backend());
    if (s.model() == null) {
      o.putNull("model");
    } else {
      o.put("model", s.model());
    }
    if (s.url() == null) {
      o.putNull("url");
    } else {
      o.put("url", s.url());
    }
    return o;
  }
}
