package ai.kiana.server.chat;

import ai.kiana.core.block.BlockId;
import ai.kiana.server.http.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading the small JSON bodies of the chat, memory and settings routes, with 400s that name the
 * field.
 */
final class Bodies {

  private Bodies() {}

  static void onlyFields(JsonNode body, Set<String> known) {
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("the body must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiException.BadRequest.unknownField(f);
      }
    }
  }

  static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.BadRequest.field(field, "must be a string");
    }
    return v.asText();
  }

  /** A required text of 1..{@value ChatService#MAX_MESSAGE_CHARS} characters, not only spaces. */
  static String message(JsonNode body, String field) {
    String text = optionalText(body, field);
    if (text == null) {
      throw ApiException.BadRequest.missingField(field);
    }
    if (text.isBlank()) {
      throw ApiException.BadRequest.field(field, "must not be empty");
    }
    if (text.length() > ChatService.MAX_MESSAGE_CHARS) {
      throw ApiException.BadRequest.field(
          field,
          "is "
              + text.length()
              + " characters; at most "
              + ChatService.MAX_MESSAGE_CHARS
              + " are accepted");
    }
    return text;
  }

  static BlockId blockId(String raw, String name) {
    if (!BlockId.isValid(raw)) {
      throw ApiException.BadRequest.parameter(name, "not a block ID (64 lowercase hex characters)");
    }
    return new BlockId(raw);
  }
}
