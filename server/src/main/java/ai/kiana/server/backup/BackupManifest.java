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
 * {@code manifest.json} of a backup: what it holds and the SHA-256 of {@code blocks.jsonl} and
 * {@code ledger.jsonl}, so a restore can tell a damaged or truncated backup from a good one before
 * it writes anything.
 *
 * <p>Format 1 (before the ledger) has no ledger fields; they are 0 and null here then, and a
 * restore of it lets the node create a new ledger as {@code kiana init} does. Format 2 adds them;
 * format 3 adds {@code security.json}; format 4 the message key and {@code messages.json}.
 *
 * @param format the backup layout: {@value #FORMAT} is written; 1 to 4 are read, others refused
 * @param version the KI_ana version that wrote the backup (informational)
 * @param blocks how many lines (one block each) {@code blocks.jsonl} holds
 * @param sha256 SHA-256 of the bytes of {@code blocks.jsonl}, 64 lowercase hex
 * @param ledgerBlocks how many lines (one ledger block each) {@code ledger.jsonl} holds
 * @param ledgerHead the hash of the head of the ledger's chosen chain; null in format 1
 * @param ledgerSha256 SHA-256 of the bytes of {@code ledger.jsonl}; null in format 1
 * @param securitySha256 SHA-256 of {@code security.json} (accounts, audit log, safety settings,
 *     scope grants, allow/deny lists); format 3, null before
 * @param messagesSha256 SHA-256 of {@code messages.json} (the message tables); format 4, null
 *     before
 */
public record BackupManifest(
    int format,
    String version,
    DeviceId deviceId,
    Instant created,
    long blocks,
    String sha256,
    long ledgerBlocks,
    String ledgerHead,
    String ledgerSha256,
    String securitySha256,
    String messagesSha256) {

  public static final int FORMAT = 4;

  /** The layout with accounts and audit log but without the end-to-end messages. */
  public static final int FORMAT_WITHOUT_MESSAGES = 3;

  /** The layout with a ledger but without accounts and audit log. */
  public static final int FORMAT_WITHOUT_SECURITY = 2;

  /** The first layout: key, settings and knowledge blocks, no ledger. */
  public static final int FORMAT_WITHOUT_LEDGER = 1;

  private static final Set<String> FIELDS_1 =
      Set.of("format", "version", "deviceId", "created", "blocks", "sha256");
  private static final Set<String> FIELDS_2 =
      Set.of(
          "format",
          "version",
          "deviceId",
          "created",
          "blocks",
          "sha256",
          "ledgerBlocks",
          "ledgerHead",
          "ledgerSha256");
  private static final Set<String> FIELDS_3 =
      java.util.stream.Stream.concat(FIELDS_2.stream(), Set.of("securitySha256").stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final Set<String> FIELDS_4 =
      java.util.stream.Stream.concat(FIELDS_3.stream(), Set.of("messagesSha256").stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** A manifest without {@code security.json} (formats 1 and 2). */
  public BackupManifest(
      int format,
      String version,
      DeviceId deviceId,
      Instant created,
      long blocks,
      String sha256,
      long ledgerBlocks,
      String ledgerHead,
      String ledgerSha256) {
    this(
        format,
        version,
        deviceId,
        created,
        blocks,
        sha256,
        ledgerBlocks,
        ledgerHead,
        ledgerSha256,
        null,
        null);
  }

  /** A manifest without the messages (format 3 and before). */
  public BackupManifest(
      int format,
      String version,
      DeviceId deviceId,
      Instant created,
      long blocks,
      String sha256,
      long ledgerBlocks,
      String ledgerHead,
      String ledgerSha256,
      String securitySha256) {
    this(
        format,
        version,
        deviceId,
        created,
        blocks,
        sha256,
        ledgerBlocks,
        ledgerHead,
        ledgerSha256,
        securitySha256,
        null);
  }

  public BackupManifest {
    if ((format >= FORMAT) != (messagesSha256 != null)
        || (messagesSha256 != null && !BlockId.isValid(messagesSha256))) {
      throw new IllegalArgumentException(
          "manifest messagesSha256 must be 64 lowercase hex characters from format "
              + FORMAT
              + " on, and absent before");
    }
    if (securitySha256 != null && !BlockId.isValid(securitySha256)) {
      throw new IllegalArgumentException(
          "manifest securitySha256 must be 64 lowercase hex characters");
    }
    if (version == null || deviceId == null || created == null) {
      throw new IllegalArgumentException("manifest needs version, deviceId and created");
    }
    if (blocks < 0) {
      throw new IllegalArgumentException("manifest blocks must not be negative");
    }
    if (!BlockId.isValid(sha256)) {
      throw new IllegalArgumentException("manifest sha256 must be 64 lowercase hex characters");
    }
    if (format == FORMAT_WITHOUT_LEDGER) {
      if (ledgerBlocks != 0 || ledgerHead != null || ledgerSha256 != null) {
        throw new IllegalArgumentException("a format 1 manifest has no ledger");
      }
    } else {
      if (ledgerBlocks < 1) {
        throw new IllegalArgumentException("manifest ledgerBlocks must be at least 1");
      }
      if (!BlockId.isValid(ledgerHead)) {
        throw new IllegalArgumentException(
            "manifest ledgerHead must be 64 lowercase hex characters");
      }
      if (!BlockId.isValid(ledgerSha256)) {
        throw new IllegalArgumentException(
            "manifest ledgerSha256 must be 64 lowercase hex characters");
      }
    }
  }

  /** A format-1 manifest: a backup without a ledger. */
  public static BackupManifest withoutLedger(
      String version, DeviceId deviceId, Instant created, long blocks, String sha256) {
    return new BackupManifest(
        FORMAT_WITHOUT_LEDGER, version, deviceId, created, blocks, sha256, 0, null, null);
  }

  /** Whether the backup holds a ledger (format 2 and later). */
  public boolean hasLedger() {
    return ledgerHead != null;
  }

  public byte[] toJson() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("format", format);
    node.put("version", version);
    node.put("deviceId", deviceId.hex());
    node.put("created", created.toString());
    node.put("blocks", blocks);
    node.put("sha256", sha256);
    if (hasLedger()) {
      node.put("ledgerBlocks", ledgerBlocks);
      node.put("ledgerHead", ledgerHead);
      node.put("ledgerSha256", ledgerSha256);
    }
    if (securitySha256 != null) {
      node.put("securitySha256", securitySha256);
    }
    if (messagesSha256 != null) {
      node.put("messagesSha256", messagesSha256);
    }
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
      int f = format.intValue();
      if (f < FORMAT_WITHOUT_LEDGER || f > FORMAT) {
        throw new BackupException(
            "backup format "
                + format.asText()
                + " is not supported (this version reads formats "
                + FORMAT_WITHOUT_LEDGER
                + " to "
                + FORMAT
                + ")",
            "restore it with the KI_ana version that wrote it, or a newer one");
      }
      boolean ledger = format.intValue() != FORMAT_WITHOUT_LEDGER;
      boolean security = f >= FORMAT_WITHOUT_MESSAGES;
      boolean messages = f >= FORMAT;
      Set<String> fields = messages ? FIELDS_4 : security ? FIELDS_3 : ledger ? FIELDS_2 : FIELDS_1;
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (!fields.contains(name)) {
                  throw new IllegalArgumentException("unknown field " + name);
                }
              });
      return new BackupManifest(
          format.intValue(),
          text(node, "version"),
          new DeviceId(text(node, "deviceId")),
          Instant.parse(text(node, "created")),
          number(node, "blocks"),
          text(node, "sha256"),
          ledger ? number(node, "ledgerBlocks") : 0,
          ledger ? text(node, "ledgerHead") : null,
          ledger ? text(node, "ledgerSha256") : null,
          security ? text(node, "securitySha256") : null,
          messages ? text(node, "messagesSha256") : null);
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
