package ai.kiana.server.openai;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.text.Language;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.ScopeAccess;
import ai.kiana.server.chat.ChatService;
import ai.kiana.server.chat.Sse;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KI_ana as an OpenAI-compatible model: {@code POST /v1/chat/completions} (streaming and not) and
 * {@code GET /v1/models}, in OpenAI's JSON and SSE shapes, errors included ({@code {"error":
 * {"message", "type", "param", "code"}}}). Every answer is retrieval-augmented from the node's
 * knowledge and ends with its sources; no conversation is stored (clients keep their own history).
 */
public final class OpenAiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiRoutes.class);
  public static final String MODEL = "kiana";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChatService chat;
  private final Clock clock;
  private final long created;

  public OpenAiRoutes(ChatService chat, Clock clock) {
    this.chat = chat;
    this.clock = clock;
    this.created = clock.instant().getEpochSecond();
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/v1/chat/completions", ctx -> guarded(ctx, this::completions))
            .requires(Permission.CHAT),
        Route.get("/v1/models", ctx -> guarded(ctx, this::models)).requires(Permission.CHAT));
  }

  private interface Handler {
    void handle(Context ctx) throws IOException;
  }

  /** Errors in OpenAI's shape instead of KI_ana's, since OpenAI clients parse them. */
  private static void guarded(Context ctx, Handler h) throws IOException {
    try {
      h.handle(ctx);
    } catch (ApiException e) {
      OpenAiErrors.respond(ctx, e.status(), e.getMessage(), e.field(), e.code());
    } catch (JsonFormatException e) {
      OpenAiErrors.respond(
          ctx, 400, "the body is not valid JSON: " + e.getMessage(), null, "invalid_json");
    }
  }

  private void models(Context ctx) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("object", "list");
    out.putArray("data")
        .addObject()
        .put("id", MODEL)
        .put("object", "model")
        .put("created", created)
        .put("owned_by", "kiana");
    Exchange.json(ctx, 200, out);
  }

  private void completions(Context ctx) throws IOException {
    CompletionRequest req = CompletionRequest.parse(Exchange.jsonBody(ctx));
    String id = "chatcmpl-" + HexFormat.of().formatHex(randomBytes());
    long now = clock.instant().getEpochSecond();
    String lang = Language.guess(req.question());
    if (!req.stream()) {
      StringBuilder text = new StringBuilder();
      ChatService.Reply r =
          chat.reply(req.question(), req.history(), lang, null, text::append, ScopeAccess.of(ctx));
      String content = r.stored() + sources(r.cited());
      ObjectNode out = Json.mapper().createObjectNode();
      out.put("id", id)
          .put("object", "chat.completion")
          .put("created", now)
          .put("model", req.model());
      ObjectNode choice = out.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", content);
      choice.putNull("logprobs");
      choice.put("finish_reason", r.blockedQuestion() != null ? "content_filter" : "stop");
      int prompt =
          tokens(req.question()) + req.history().stream().mapToInt(m -> tokens(m.content())).sum();
      int completion = tokens(content);
      out.putObject("usage")
          .put("prompt_tokens", prompt)
          .put("completion_tokens", completion)
          .put("total_tokens", prompt + completion);
      Exchange.json(ctx, 200, out);
      return;
    }
    Chunks chunks = new Chunks(new Sse(ctx), id, now, req.model());
    try (chunks) {
      chunks.delta(
          Json.mapper().createObjectNode().put("role", "assistant").put("content", ""), null);
      ChatService.Reply r =
          chat.reply(
              req.question(),
              req.history(),
              lang,
              null,
              piece -> chunks.delta(Json.mapper().createObjectNode().put("content", piece), null),
              ScopeAccess.of(ctx));
      String sources = sources(r.cited());
      if (!sources.isEmpty()) {
        chunks.delta(Json.mapper().createObjectNode().put("content", sources), null);
      }
      chunks.delta(
          Json.mapper().createObjectNode(),
          r.blockedQuestion() != null ? "content_filter" : "stop");
      chunks.done();
    } catch (Sse.ClientGone e) {
      LOG.debug("OpenAI client went away before the answer was complete");
    } catch (RuntimeException e) {
      LOG.error("OpenAI-compatible answer failed after streaming started", e);
      chunks.error("the answer could not be completed");
    }
  }

  /** The answer's sources as a markdown list, so that any OpenAI client shows them. */
  static String sources(List<Passage> cited) {
    if (cited.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("\n\nSources:");
    for (int i = 0; i < cited.size(); i++) {
      Passage p = cited.get(i);
      String title = p.block().title().isEmpty() ? p.snippet() : p.block().title();
      s.append("\n[")
          .append(i + 1)
          .append("] ")
          .append(title)
          .append(" (block ")
          .append(p.block().id().shortForm())
          .append(')');
    }
    return s.toString();
  }

  /** A rough token count (about four characters per token), as KI_ana has no tokenizer. */
  static int tokens(String text) {
    return (text.length() + 3) / 4;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The {@code chat.completion.chunk} events of one streamed answer. */
  private record Chunks(Sse sse, String id, long created, String model) implements AutoCloseable {

    void delta(ObjectNode delta, String finishReason) {
      ObjectNode c = Json.mapper().createObjectNode();
      c.put("id", id)
          .put("object", "chat.completion.chunk")
          .put("created", created)
          .put("model", model);
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.set("delta", delta);
      choice.putNull("logprobs");
      if (finishReason == null) {
        choice.putNull("finish_reason");
      } else {
        choice.put("finish_reason", finishReason);
      }
      sse.data(c.toString());
    }

    void done() {
      sse.data("[DONE]");
    }

    void error(String message) {
      try {
        sse.data(OpenAiErrors.body(message, "server_error", null, "internal_error").toString());
      } catch (Sse.ClientGone e) {
        // nobody to tell
      }
    }

    @Override
    public void close() {
      sse.close();
    }
  }
}
