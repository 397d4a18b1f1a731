package ai.kiana.server.killswitch;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether the node is halted, why, by whom, since when, and from where the halt came ({@code
 * phrase}: the kill phrase entered on this node; {@code ledger}: a kill-switch transaction).
 */
public record HaltState(boolean halted, String reason, String by, long sinceMs, String source) {

  public static final HaltState RUNNING = new HaltState(false, "", "", 0, "");

  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode().put("halted", halted);
    if (halted) {
      o.put("reason", reason).put("by", by).put("since", sinceMs).put("source", source);
    }
    return o;
  }

  static HaltState fromJson(String text) {
    JsonNode n = Json.parse(text);
    return new HaltState(
        n.path("halted").asBoolean(false),
        n.path("reason").asText(""),
        n.path("by").asText(""),
        n.path("since").asLong(0),
        n.path("source").asText(""));
  }
}
