package ai.kiana.cli;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * {@code kiana ask} through the running node's {@code POST /api/v1/chat}: prints the streamed
 * tokens, then the sources and where to continue, exactly as the local path does.
 */
final class RemoteAsk {

  private final NodeApiClient api;
  private final PrintWriter out;
  private final PrintWriter err;

  RemoteAsk(NodeApiClient api, PrintWriter out, PrintWriter err) {
    this.api = api;
    this.out = out;
    this.err = err;
  }

  void ask(String question, String conversation) {
    ObjectNode body = Json.mapper().createObjectNode().put("message", question);
    if (conversation != null) {
      body.put("conversation", conversation);
    }
    String[] conv = {null};
    boolean[] finished = {false};
    NodeApiClient.Answer a =
        api.stream(
            "/api/v1/chat",
            body.toString(),
            e -> {
              switch (e.name()) {
                case "meta" -> conv[0] = e.data().path("conversation").asText();
                case "token" -> {
                  out.print(e.data().path("text").asText());
                  out.flush();
                }
                case "citations" -> citations(e.data().path("citations"));
                case "done" -> {
                  done(e.data(), conv[0]);
                  finished[0] = true;
                }
                case "error" -> {
                  out.println();
                  out.flush();
                  throw CliException.failure(
                      "the node could not answer: " + e.data().path("message").asText());
                }
                default -> {
                  // an event a newer node sends: nothing to show
                }
              }
            });
    if (a.status() == 404 && "conversation_not_found".equals(a.error())) {
      throw CliException.notFound("no conversation " + conversation);
    }
    if (a.status() == 400) {
      throw CliException.usage(a.message());
    }
    if (a.status() != 200) {
      throw CliException.failure("the node answered " + a.status() + ": " + a.message());
    }
    if (!finished[0]) {
      out.println();
      out.flush();
      throw CliException.failure("the node broke off its answer");
    }
  }

  private void citations(JsonNode cited) {
    out.println();
    if (cited.isEmpty()) {
      return;
    }
    out.println();
    out.println("Sources:");
    for (JsonNode c : cited) {
      String id = c.path("id").asText();
      String shortId;
      try {
        shortId = BlockId.parseStrict(id).shortForm();
      } catch (RuntimeException e) {
        shortId = id;
      }
      String signature = c.path("signature").asText();
      out.println(
          "["
              + c.path("n").asInt()
              + "] "
              + shortId
              + " "
              + BlockText.oneLine(c.path("title").asText(), BlockText.DEFAULT_SUMMARY_CHARS)
              + " ("
              + (signature.equals("invalid") ? "INVALID" : signature)
              + ")");
    }
  }

  private void done(JsonNode done, String conversation) {
    JsonNode filter = done.path("filter");
    if (filter.isObject()) {
      out.println();
      err.println(
          "filter: "
              + filter.path("action").asText()
              + " ("
              + filter.path("category").asText()
              + "): "
              + filter.path("reason").asText());
    }
    out.flush();
    err.println(
        "conversation " + conversation + " (continue with --conversation " + conversation + ")");
  }
}
