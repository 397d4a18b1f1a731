package ai.kiana.server.chat;

import ai.kiana.ai.filter.FilterHit;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.ScopeAccess;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat API (docs/PROTOCOL.md, "Chat"): {@code POST /api/v1/chat} streams an answer as
 * Server-Sent Events; conversations are listed, read and deleted under {@code /api/v1/chats}.
 */
public final class ChatRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);
  static final String CHAT = "/api/v1/chat";
  static final String CHATS = "/api/v1/chats";

  private final ChatService chat;
  private final KnowledgeBase knowledge;
  private final Ratings ratings;

  public ChatRoutes(ChatService chat, KnowledgeBase knowledge) {
    this.chat = chat;
    this.knowledge = knowledge;
    this.ratings = new Ratings(knowledge);
  }

  public List<Route> routes() {
    return List.of(
        Route.post(CHAT, this::ask).requires(Permission.CHAT),
        Route.get(CHATS, this::list).requires(Permission.CHAT),
        Route.get(CHATS + "/{id}", this::get).requires(Permission.CHAT),
        Route.delete(CHATS + "/{id}", this::delete).requires(Permission.CHAT),
        Route.post(CHAT + "/{turn}/rating", this::rateTurn).requires(Permission.CHAT),
        Route.post("/api/v1/blocks/{id}/rating", this::rateBlock)
            .requires(Permission.WRITE_KNOWLEDGE));
  }

  private void ask(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    Bodies.onlyFields(body, Set.of("message", "conversation"));
    String message = Bodies.message(body, "message");
    String conversation = Bodies.optionalText(body, "conversation");
    if (conversation != null && !Conversations.isId(conversation)) {
      throw conversationNotFound(conversation);
    }
    SseEvents events = new SseEvents(ctx);
    try (events) {
      chat.ask(message, conversation, events, ScopeAccess.of(ctx));
    } catch (UnknownConversationException e) {
      throw conversationNotFound(conversation);
    } catch (Sse.ClientGone e) {
      LOG.debug("chat client went away before the answer was complete");
    } catch (RuntimeException e) {
      if (!events.started()) {
        throw e;
      }
      String code = e instanceof StoreException ? "store_unavailable" : "internal_error";
      LOG.error("chat answer failed after streaming started: {}", code, e);
      events.error(code, "the answer could not be completed; please ask again");
    }
  }

  private static ApiException conversationNotFound(String id) {
    return new ApiException.NotFound("conversation_not_found", "no conversation " + id);
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("conversations");
    for (Conversations.Summary s : chat.conversations().list(ScopeAccess.of(ctx))) {
      list.addObject()
          .put("id", s.id())
          .put("title", s.title())
          .put("updated", s.newest().created().instant().toString())
          .put("turns", s.turns());
    }
    Exchange.json(ctx, 200, out);
  }

  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String id = ctx.pathParam("id");
    List<Turn> turns = chat.conversations().turns(id, ScopeAccess.of(ctx));
    if (turns.isEmpty()) {
      throw conversationNotFound(id);
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("id", id);
    out.put("title", turns.getFirst().block().title());
    ArrayNode list = out.putArray("turns");
    String lastQuestion = "";
    for (Turn t : turns) {
      ObjectNode o = list.addObject();
      o.put("turn", t.block().id().hex());
      o.put("role", t.role());
      o.put("text", t.text());
      o.put("created", t.block().created().instant().toString());
      if (t.role().equals("user")) {
        lastQuestion = t.text();
      }
      o.set(
          "citations",
          CitationJson.of(
              knowledge,
              t.citations(),
              CitationJson.snippets(knowledge, t.citations(), lastQuestion)));
      ratings
          .current(t.block().id())
          .ifPresentOrElse(v -> o.put("rating", v), () -> o.putNull("rating"));
    }
    Exchange.json(ctx, 200, out);
  }

  private void delete(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String id = ctx.pathParam("id");
    if (!chat.conversations().delete(id, ScopeAccess.of(ctx))) {
      throw conversationNotFound(id);
    }
    ctx.status(204);
  }

  private void rateTurn(Context ctx) {
    BlockId turn = Bodies.blockId(ctx.pathParam("turn"), "turn");
    int value = ratingValue(ctx);
    if (!chat.isTurn(turn) || !ScopeAccess.of(ctx).canRead(knowledge.view(turn).block().scope())) {
      throw new ApiException.NotFound(
          "turn_not_found", "block " + turn.shortForm() + " is not a chat turn");
    }
    KnowledgeBlock r = ratings.rate(turn, value);
    Exchange.json(
        ctx,
        200,
        Json.mapper()
            .createObjectNode()
            .put("turn", turn.hex())
            .put("value", value)
            .put("rating", r.id().hex()));
  }

  private void rateBlock(Context ctx) {
    BlockId block = Bodies.blockId(ctx.pathParam("id"), "id");
    int value = ratingValue(ctx);
    ScopeAccess.of(ctx).requireRead(knowledge.view(block).block());
    KnowledgeBlock r = ratings.rate(block, value);
    Exchange.json(
        ctx,
        200,
        Json.mapper()
            .createObjectNode()
            .put("block", block.hex())
            .put("value", value)
            .put("rating", r.id().hex()));
  }

  private static int ratingValue(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    Bodies.onlyFields(body, Set.of("value"));
    JsonNode v = body.get("value");
    if (v == null || v.isNull()) {
      throw ApiException.BadRequest.missingField("value");
    }
    if (!v.isInt() || v.asInt() < Ratings.MIN || v.asInt() > Ratings.MAX) {
      throw ApiException.BadRequest.field(
          "value", "a rating is an integer from 1 (thumbs down) to 5 (thumbs up)");
    }
    return v.asInt();
  }

  /** The chat events as SSE; the stream starts with the first event. */
  private final class SseEvents implements ChatEvents, AutoCloseable {
    private final Context ctx;
    private Sse sse;

    SseEvents(Context ctx) {
      this.ctx = ctx;
    }

    boolean started() {
      return sse != null;
    }

    @Override
    public void close() {
      if (sse != null) {
        sse.close();
      }
    }

    @Override
    public void meta(String conversation, KnowledgeBlock questionTurn) {
      sse = new Sse(ctx);
      sse.event(
          "meta",
          Json.mapper()
              .createObjectNode()
              .put("conversation", conversation)
              .put("question_turn", questionTurn.id().hex()));
    }

    @Override
    public void token(String text) {
      sse.event("token", Json.mapper().createObjectNode().put("text", text));
    }

    @Override
    public void citations(List<Citation> cited) {
      ArrayNode list = Json.mapper().createArrayNode();
      for (int i = 0; i < cited.size(); i++) {
        Citation c = cited.get(i);
        list.add(CitationJson.one(i + 1, c.view(), c.passage().snippet()));
      }
      ObjectNode data = Json.mapper().createObjectNode();
      data.set("citations", list);
      sse.event("citations", data);
    }

    @Override
    public void done(
        KnowledgeBlock answerTurn, String backend, boolean declined, FilterHit filter) {
      ObjectNode data = Json.mapper().createObjectNode();
      data.put("turn", answerTurn.id().hex());
      data.put("backend", backend);
      data.put("declined", declined);
      if (filter == null) {
        data.putNull("filter");
      } else {
        data.putObject("filter")
            .put("action", filter.action().wireName())
            .put("category", filter.category())
            .put("reason", filter.reason());
      }
      sse.event("done", data);
    }

    void error(String code, String message) {
      try {
        sse.event(
            "error", Json.mapper().createObjectNode().put("error", code).put("message", message));
      } catch (Sse.ClientGone e) {
        // Nobody left to tell.
      }
    }
  }
}
