package ai.kiana.server.messages;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.net.messages.MessageCounters;
import ai.kiana.net.messages.MessageException;
import ai.kiana.net.messages.MessageLimits;
import ai.kiana.net.messages.MessageView;
import ai.kiana.net.messages.Messenger;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * End-to-end messages over HTTP: {@code POST /api/v1/messages} sends one, {@code GET
 * /api/v1/messages} lists inbox and outbox with their delivery state, {@code GET
 * /api/v1/messages/{id}} shows one.
 */
public final class MessageRoutes {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final Set<String> SEND_FIELDS = Set.of("to", "text", "ttlSeconds");

  private final Messenger messenger;

  public MessageRoutes(Messenger messenger) {
    this.messenger = messenger;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/messages", this::send).requires(Permission.MESSAGES),
        Route.get("/api/v1/messages", this::list).requires(Permission.MESSAGES),
        Route.get("/api/v1/messages/{id}", this::one).requires(Permission.MESSAGES));
  }

  private void send(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("expected a JSON object {\"to\": ..., \"text\": ...}");
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!SEND_FIELDS.contains(f)) {
                throw ApiException.BadRequest.unknownField(f);
              }
            });
    if (!body.has("to")) {
      throw ApiException.BadRequest.missingField("to");
    }
    if (!body.has("text")) {
      throw ApiException.BadRequest.missingField("text");
    }
    if (!body.get("to").isTextual()) {
      throw ApiException.BadRequest.field("to", "must be a device ID (string)");
    }
    DeviceId to;
    try {
      to = DeviceId.parse(body.get("to").asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.field("to", e.getMessage());
    }
    if (!body.get("text").isTextual() || body.get("text").asText().isBlank()) {
      throw ApiException.BadRequest.field("text", "must be a non-empty string");
    }
    Duration ttl = MessageLimits.DEFAULT_TTL;
    if (body.has("ttlSeconds")) {
      JsonNode t = body.get("ttlSeconds");
      if (!t.isIntegralNumber()
          || t.asLong() < 1
          || t.asLong() > MessageLimits.MAX_TTL.toSeconds()) {
        throw ApiException.BadRequest.field(
            "ttlSeconds", "must be an integer from 1 to " + MessageLimits.MAX_TTL.toSeconds());
      }
      ttl = Duration.ofSeconds(t.asLong());
    }
    MessageView sent;
    try {
      sent = messenger.send(to, body.get("text").asText(), ttl);
    } catch (MessageException e) {
      throw switch (e.kind()) {
        case UNKNOWN_DEVICE ->
            new ApiException.Unprocessable("unknown_device", e.getMessage(), "to");
        case NO_KEY ->
            new ApiException.Unprocessable("recipient_key_unknown", e.getMessage(), "to");
        case INVALID -> ApiException.BadRequest.field("text", e.getMessage());
      };
    }
    Exchange.json(ctx, 201, view(sent));
  }

  private void list(Context ctx) {
    QueryParams q = QueryParams.parse(ctx.queryString(), Set.of("direction", "limit"));
    String direction = q.single("direction");
    if (direction != null && !direction.equals("in") && !direction.equals("out")) {
      throw ApiException.BadRequest.parameter("direction", "must be 'in' or 'out'");
    }
    int limit = (int) q.number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("device", messenger.announcement().device().hex());
    ArrayNode list = out.putArray("messages");
    for (MessageView m : messenger.list(direction, limit)) {
      list.add(view(m));
    }
    MessageCounters k = messenger.counters();
    out.putObject("counters")
        .put("received", k.received.get())
        .put("relayed", k.relayed.get())
        .put("delivered", k.delivered.get())
        .put("duplicates", k.duplicates.get())
        .put("declined", k.declined.get())
        .put("offences", k.offences.get());
    Exchange.json(ctx, 200, out);
  }

  private void one(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String id = ctx.pathParam("id");
    MessageView m =
        messenger
            .get(id)
            .orElseThrow(() -> new ApiException.NotFound("message_not_found", "no message " + id));
    Exchange.json(ctx, 200, view(m));
  }

  static ObjectNode view(MessageView m) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", m.id());
    o.put("direction", m.direction());
    o.put("peer", m.peer().hex());
    o.put("peerDisplay", m.peer().display());
    o.put("text", m.text());
    o.put("created", m.created().toString());
    o.put("expires", m.expires().toString());
    o.put("state", m.state());
    o.put("delivered", m.delivered() == null ? null : m.delivered().toString());
    return o;
  }
}
