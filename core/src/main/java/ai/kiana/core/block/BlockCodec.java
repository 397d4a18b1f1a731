package ai.kiana.core.block;

import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a block. Every field is always present ({@code lang} and {@code source} may be
 * null), so the signing bytes are the same whichever implementation writes them. Reading is strict:
 * unknown, missing or mistyped fields are errors that name the field.
 */
public final class BlockCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "v",
          "type",
          "title",
          "content",
          "lang",
          "tags",
          "source",
          "author",
          "key",
          "created",
          "supersedes",
          "scope",
          "sig");

  private BlockCodec() {}

  /**
   * The bytes that are hashed into the id and signed: RFC 8785 canonical JSON of every field but
   * {@code id} and {@code sig}.
   */
  public static byte[] signingBytes(
      BlockDraft draft, DeviceId author, String key, HlcTimestamp created) {
    ObjectNode node = NODES.objectNode();
    node.put("v", KnowledgeBlock.VERSION);
    node.put("type", draft.type().wireName());
    node.put("title", draft.title());
    node.put("content", draft.content());
    node.put("lang", draft.lang());
    node.set("tags", strings(draft.tags()));
    node.set("source", source(draft.source()));
    node.put("author", author.hex());
    node.put("key", key);
    node.put("created", created.toString());
    node.set("supersedes", ids(draft.supersedes()));
    node.put("scope", draft.scope().wireName());
    return CanonicalJson.canonicalize(node);
  }

  public static byte[] signingBytes(KnowledgeBlock b) {
    return signingBytes(draftOf(b), b.author(), b.key(), b.created());
  }

  /** The block as one line of canonical JSON, the form used for storage, export and the wire. */
  public static String toJson(KnowledgeBlock b) {
    return new String(CanonicalJson.canonicalize(toNode(b)), StandardCharsets.UTF_8);
  }

  public static ObjectNode toNode(KnowledgeBlock b) {
    ObjectNode node = NODES.objectNode();
    node.put("id", b.id().hex());
    node.put("v", b.v());
    node.put("type", b.type().wireName());
    node.put("title", b.title());
    node.put("content", b.content());
    node.put("lang", b.lang());
    node.set("tags", strings(b.tags()));
    node.set("source", source(b.source()));
    node.put("author", b.author().hex());
    node.put("key", b.key());
    node.put("created", b.created().toString());
    node.set("supersedes", ids(b.supersedes()));
    node.put("scope", b.scope().wireName());
    node.put("sig", b.sig());
    return node;
  }

  /**
   * Reads one block from JSON text.
   *
   * @throws InvalidBlockException naming the first field that is wrong
   * @throws ai.kiana.core.json.JsonFormatException if the text is not JSON
   */
  public static KnowledgeBlock fromJson(String json) {
    return fromNode(Json.parse(json));
  }

  public static KnowledgeBlock fromNode(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidBlockException("block", "must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidBlockException(name, "unknown field");
      }
    }
    for (String name : FIELDS) {
      if (!node.has(name)) {
        throw new InvalidBlockException(name, "missing");
      }
    }
    JsonNode v = node.get("v");
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidBlockException("v", "must be an integer");
    }
    return new KnowledgeBlock(
        BlockId.parseStrict(text(node, "id")),
        v.intValue(),
        BlockType.fromWire(text(node, "type")),
        text(node, "title"),
        text(node, "content"),
        nullableText(node, "lang"),
        stringList(node, "tags"),
        sourceOf(node.get("source")),
        deviceId(text(node, "author")),
        text(node, "key"),
        timestamp(text(node, "created")),
        idList(node, "supersedes"),
        Scope.fromWire(text(node, "scope")),
        text(node, "sig"));
  }

  static BlockDraft draftOf(KnowledgeBlock b) {
    return new BlockDraft(
        b.type(),
        b.title(),
        b.content(),
        b.lang(),
        b.tags(),
        b.source(),
        b.supersedes(),
        b.scope());
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }

  private static ArrayNode ids(List<BlockId> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    values.forEach(id -> array.add(id.hex()));
    return array;
  }

  private static JsonNode source(Source s) {
    if (s == null) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.put("uri", s.uri());
    node.put("sha256", s.sha256());
    return node;
  }

  private static Source sourceOf(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidBlockException("source", "must be an object with uri and sha256, or null");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("uri") && !name.equals("sha256")) {
        throw new InvalidBlockException("source." + name, "unknown field");
      }
    }
    if (!node.has("uri") || !node.has("sha256")) {
      throw new InvalidBlockException("source", "needs both uri and sha256 (sha256 may be null)");
    }
    return new Source(text(node, "uri", "source.uri"), nullableText(node, "sha256"));
  }

  private static String text(JsonNode node, String field) {
    return text(node, field, field);
  }

  private static String text(JsonNode node, String field, String label) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidBlockException(label, "must be a string");
    }
    return value.textValue();
  }

  private static String nullableText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(node, field);
  }

  private static List<String> stringList(JsonNode node, String field) {
    JsonNode array = node.get(field);
    if (!array.isArray()) {
      throw new InvalidBlockException(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        throw new InvalidBlockException(field, "must be an array of strings");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static List<BlockId> idList(JsonNode node, String field) {
    List<BlockId> out = new ArrayList<>();
    for (String s : stringList(node, field)) {
      out.add(BlockId.parseStrict(s));
    }
    return out;
  }

  private static DeviceId deviceId(String hex) {
    try {
      return new DeviceId(hex);
    } catch (IllegalArgumentException e) {
      throw new InvalidBlockException("author", e.getMessage());
    }
  }

  private static HlcTimestamp timestamp(String text) {
    try {
      return HlcTimestamp.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidBlockException("created", e.getMessage());
    }
  }
}
