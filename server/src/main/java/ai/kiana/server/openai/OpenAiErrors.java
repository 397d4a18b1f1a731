package ai.kiana.server.openai;

import ai.kiana.core.json.Json;
import ai.kiana.server.http.Exchange;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
final class OpenAiErrors {

  private OpenAiErrors() {}

  static void respond(Context ctx, int status, String message, String param, String code) {
    String type =
        switch (status) {
          case 401 -> "authentication_error";
          case 404 -> "not_found_error";
          case 429 -> "rate_limit_error";
          default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    Exchange.json(ctx, status, body(message, type, param, code));
  }

  static ObjectNode body(String message, String type, String param, String code) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", message);
    e.put("type", type);
    if (param == null) {
      e.putNull("param");
    } else {
      e.put("param", param);
    }
    if (code == null) {
      e.putNull("code");
    } else {
      e.put("code", code);
    }
    return root;
  }
}
