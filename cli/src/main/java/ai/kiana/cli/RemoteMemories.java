package ai.kiana.cli;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kiana memory} through the running node's {@code /api/v1/memories}, printing what the local
 * path prints: the running node then indexes the memory at once, and no second process opens its
 * data directory.
 */
final class RemoteMemories {

  private final NodeApiClient api;
  private final PrintWriter out;

  RemoteMemories(NodeApiClient api, PrintWriter out) {
    this.api = api;
    this.out = out;
  }

  void list() {
    for (JsonNode m : memories()) {
      out.println(
          shortForm(m.path("id").asText()) + "  " + m.path("text").asText().replace('\n', ' '));
    }
  }

  void add(String text) {
    NodeApiClient.Answer a = api.post("/api/v1/memories", body(text));
    check(a, 201);
    out.println(a.body().path("id").asText());
  }

  void edit(BlockRef ref, String text) {
    String id = ref.resolveAmong(ids());
    NodeApiClient.Answer a = api.put("/api/v1/memories/" + id, body(text));
    check(a, 200);
    out.println(a.body().path("id").asText());
  }

  void delete(BlockRef ref) {
    String id = ref.resolveAmong(ids());
    check(api.delete("/api/v1/memories/" + id), 204);
    out.println("forgot " + shortForm(id));
  }

  private List<JsonNode> memories() {
    NodeApiClient.Answer a = api.get("/api/v1/memories");
    check(a, 200);
    List<JsonNode> out = new ArrayList<>();
    a.body().path("memories").forEach(out::add);
    return out;
  }

  private List<String> ids() {
    return memories().stream().map(m -> m.path("id").asText()).toList();
  }

  private static String body(String text) {
    return Json.mapper().createObjectNode().put("text", text).toString();
  }

  private static String shortForm(String hex) {
    try {
      return BlockId.parseStrict(hex).shortForm();
    } catch (RuntimeException e) {
      return hex;
    }
  }

  /** The API's errors as the CLI's: 404 not found, 400 usage, anything else a failure. */
  private static void check(NodeApiClient.Answer a, int expected) {
    if (a.status() == expected) {
      return;
    }
    switch (a.status()) {
      case 404 -> throw CliException.notFound(a.message());
      case 400 -> throw CliException.usage(a.message());
      default -> throw CliException.failure(a.message());
    }
  }
}
