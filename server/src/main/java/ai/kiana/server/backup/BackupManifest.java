package ai.kiana.server.backup;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;

/**
 * {@code manifest.json} of a backup: what it holds and the SHA-256 of {@code blocks.jsonl}, so a
 * restore can tell a damaged or truncated backup from a good one before it writes anything.
 *
 * @param format the backup layout, {@value #FORMAT} for now; restore refuses other values
 * @param version the KI_ana version that wrote the backup (informational)
 * @param blocks how many lines (one block each) {@code blocks.jsonl} holds
 * @param sha256 SHA-256 of the bytes of {@code blocks.jsonl}, 64 lowercase hex
 */
public record BackupManifest(
    int format, String version, DeviceId deviceId, Instant created, long blocks, String sha256) {

  public static final int FORMAT = 1;

  private static final Set<String> FIELDS =
      Set.of("format", "version", "deviceId", "created", "blocks", "sha256");

  public BackupManifest {
    if (version == null || deviceId == null || created == null) {
      throw new IllegalArgumentException("manifest needs version, deviceId and created");
    }
    if (blocks < 0) {
      throw new IllegalArgumentException("manifest blocks must not be negative");
    }
    if (!BlockId.isValid(sha256)) {
      throw new IllegalArgumentException("manifest sha256 must be 64 lowercase hex characters");
    }
  }

  public byte[] toJson() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("format", format);
    node.put("version", version);
    node.put("deviceId", deviceId.hex());
    node.put("created", created.toString());
    node.put("blocks", blocks);
    node.put("sha256", sha256);
    try {
      return Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(node)
          .concat("\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a manifest", e);
    }
  }

  /**
   * Reads a manifest; the format number is checked first so that a newer layout is reported as such
   * rather than as a missing field.
   *
   * @throws BackupException if the manifest is not readable or of an unknown format
   */
  public static BackupManifest fromJson(byte[] json) {
    try {
      JsonNode node = Json.parse(json);
      if (!node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonNode format = node.get("format");
      if (format == null || !format.isIntegralNumber()) {
        throw new IllegalArgumentException("format is missing");
      }
      if (format.intValue() != FORMAT) {
        throw new BackupException(
            "backup format "
                + format.asText()
                + " is not supported (this version reads format "
                + FORMAT
                + ")",
            "restore it with the KI_ana version that wrote it, or a newer one");
      }
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (!FIELDS.contains(name)) {
                  throw new IllegalArgumentException("unknown field " + name);
                }
              });
      return new BackupManifest(
          format.intValue(),
          text(node, "version"),
          new DeviceId(text(node, "deviceId")),
          Instant.parse(text(node, "created")),
          number(node, "blocks"),
          text(node, "sha256"));
    } catch (JsonFormatException | IllegalArgumentException | DateTimeException e) {
      throw new BackupException(
          "the backup's manifest.json is damaged: " + e.getMessage(), "use another backup file");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.textValue();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return value.longValue();
  }
}
