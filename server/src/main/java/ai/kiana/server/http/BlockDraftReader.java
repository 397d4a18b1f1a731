package ai.kiana.server.http;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/v1/blocks} into a draft, strictly: unknown fields, wrong JSON
 * types and missing required fields are errors naming the field. {@code type} and {@code content}
 * are required; an absent or null optional field takes its default (title "", scope private).
 */
final class BlockDraftReader {

  static final Set<String> FIELDS =
      Set.of("type", "title", "content", "lang", "tags", "scope", "source", "supersedes");
  private static final Set<String> SOURCE_FIELDS = Set.of("uri", "sha256");

  private BlockDraftReader() {}

  static BlockDraft read(JsonNode body) {
    return read(body, Scope.PRIVATE);
  }

  /** A draft whose scope, when the body names none, is {@code defaultScope}. */
  static BlockDraft read(JsonNode body, Scope defaultScope) {
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("the body must be a JSON object");
    }
    rejectUnknown(body, FIELDS, "");
    BlockType type = BlockType.fromWire(requiredText(body, "type"));
    if (type == BlockType.RETRACTION) {
      throw ApiException.BadRequest.field(
          "type", "retract a block with DELETE /api/v1/blocks/{id}");
    }
    String scope = optionalText(body, "scope");
    return new BlockDraft(
        type,
        optionalText(body, "title"),
        requiredText(body, "content"),
        optionalText(body, "lang"),
        optionalStrings(body, "tags"),
        source(body.get("source")),
        supersedes(body),
        scope == null ? defaultScope : Scope.fromWire(scope));
  }

  private static Source source(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.BadRequest.field("source", "must be an object with uri and sha256");
    }
    rejectUnknown(node, SOURCE_FIELDS, "source.");
    if (!node.has("uri")) {
      throw ApiException.BadRequest.missingField("source.uri");
    }
    JsonNode uri = node.get("uri");
    if (!uri.isTextual()) {
      throw ApiException.BadRequest.field("source.uri", "must be a string");
    }
    JsonNode sha = node.get("sha256");
    if (sha != null && !sha.isNull() && !sha.isTextual()) {
      throw ApiException.BadRequest.field("source.sha256", "must be a string or null");
    }
    return new Source(uri.textValue(), sha == null || sha.isNull() ? null : sha.textValue());
  }

  private static List<BlockId> supersedes(JsonNode body) {
    List<BlockId> ids = new ArrayList<>();
    for (String s : optionalStrings(body, "supersedes")) {
      try {
        ids.add(BlockId.parse(s));
      } catch (InvalidBlockException e) {
        throw ApiException.BadRequest.field(
            "supersedes", "'" + abbreviate(s) + "' is not a block ID (64 hex characters)");
      }
    }
    return ids;
  }

  private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw ApiException.BadRequest.unknownField(prefix + abbreviate(name));
      }
    }
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.BadRequest.missingField(field);
    }
    if (!value.isTextual()) {
      throw ApiException.BadRequest.field(field, "must be a string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.BadRequest.field(field, "must be a string");
    }
    return value.textValue();
  }

  private static List<String> optionalStrings(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ApiException.BadRequest.field(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw ApiException.BadRequest.field(field, "must be an array of strings");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
