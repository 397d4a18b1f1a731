package ai.kiana.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;

/** A JSON object body with known string fields; anything else is a 400 that names the field. */
public final class JsonBody {

  private final JsonNode node;

  private JsonBody(JsonNode node) {
    this.node = node;
  }

  /**
   * @throws ApiException.BadRequest if the body is not an object or has an unknown field
   */
  public static JsonBody read(Context ctx, Set<String> known) {
    JsonNode node = Exchange.jsonBody(ctx);
    if (!node.isObject()) {
      throw ApiException.BadRequest.body("the body must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw ApiException.BadRequest.unknownField(name);
      }
    }
    return new JsonBody(node);
  }

  /** A required string field. */
  public String text(String name) {
    String v = optionalText(name);
    if (v == null) {
      throw ApiException.BadRequest.missingField(name);
    }
    return v;
  }

  /** A required whole-number field. */
  public long number(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.BadRequest.missingField(name);
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.BadRequest.field(name, "must be a whole number");
    }
    return v.asLong();
  }

  /** A string field or null when absent. */
  public String optionalText(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.BadRequest.field(name, "must be a string");
    }
    return v.asText();
  }
}
