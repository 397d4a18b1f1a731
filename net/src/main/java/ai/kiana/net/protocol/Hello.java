package ai.kiana.net.protocol;

import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The first message each side sends after the TLS handshake. {@code device} must be the device the
 * TLS certificate proved; {@code listenPort} is where the sender accepts connections (0: none);
 * {@code pairingSecret} is only sent by a device pairing with this one; {@code follow} is what the
 * sender follows (selective sync: scopes, tags, created-after).
 */
public record Hello(
    String protocol,
    int version,
    DeviceId device,
    String name,
    int listenPort,
    String pairingSecret,
    SyncFilter follow) {

  public static final String PROTOCOL = "kiana-sync";
  public static final int VERSION = 1;
  private static final Set<String> FIELDS =
      Set.of(
          "protocol",
          "version",
          "device",
          "name",
          "listenPort",
          "pairingSecret",
          "scopes",
          "tags",
          "createdAfter");

  public static Hello of(
      DeviceId device, String name, int listenPort, String pairingSecret, SyncFilter follow) {
    return new Hello(PROTOCOL, VERSION, device, name, listenPort, pairingSecret, follow);
  }

  /** The scopes the sender follows. */
  public Set<Scope> scopes() {
    return follow.scopes();
  }

  public byte[] encode() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("protocol", protocol);
    n.put("version", version);
    n.put("device", device.hex());
    n.put("name", name);
    n.put("listenPort", listenPort);
    if (pairingSecret == null) {
      n.putNull("pairingSecret");
    } else {
      n.put("pairingSecret", pairingSecret);
    }
    var list = n.putArray("scopes");
    follow.scopes().stream().map(Scope::wireName).sorted().forEach(list::add);
    var tags = n.putArray("tags");
    follow.tags().stream().sorted().forEach(tags::add);
    if (follow.createdAfterMillis() == 0) {
      n.putNull("createdAfter");
    } else {
      n.put("createdAfter", follow.createdAfter().toString());
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws ProtocolException if it is not a hello of this protocol
   */
  public static Hello decode(byte[] payload) {
    JsonNode n;
    try {
      n = Json.parse(payload);
    } catch (JsonFormatException e) {
      throw new ProtocolException("hello is not JSON");
    }
    if (!n.isObject()) {
      throw new ProtocolException("hello is not a JSON object");
    }
    n.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw new ProtocolException("hello has unknown member " + f);
              }
            });
    if (!PROTOCOL.equals(n.path("protocol").asText(null))) {
      throw new ProtocolException("not a " + PROTOCOL + " hello");
    }
    int version = n.path("version").asInt(-1);
    if (version != VERSION) {
      throw new ProtocolException(
          "unsupported protocol version " + version + " (this node speaks " + VERSION + ")");
    }
    String device = n.path("device").asText("");
    if (device.length() != 64) {
      throw new ProtocolException("hello device is not a device ID");
    }
    String name = n.path("name").asText("");
    if (name.length() > 100) {
      throw new ProtocolException("hello name is longer than 100 characters");
    }
    int port = n.path("listenPort").asInt(-1);
    if (port < 0 || port > 65535) {
      throw new ProtocolException("hello listenPort out of range");
    }
    JsonNode secret = n.path("pairingSecret");
    JsonNode scopeList = n.path("scopes");
    if (!scopeList.isArray() || scopeList.isEmpty()) {
      throw new ProtocolException("hello scopes must be a non-empty array");
    }
    Set<Scope> scopes = java.util.EnumSet.noneOf(Scope.class);
    for (JsonNode s : scopeList) {
      try {
        scopes.add(Scope.fromWire(s.asText()));
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("hello names unknown scope " + s);
      }
    }
    SyncFilter follow = new SyncFilter(scopes, tags(n.path("tags")), createdAfter(n));
    try {
      return new Hello(
          PROTOCOL,
          version,
          DeviceId.parse(device),
          name,
          port,
          secret.isTextual() ? secret.asText() : null,
          follow);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("hello device is not a device ID");
    }
  }

  private static Set<String> tags(JsonNode list) {
    if (list.isMissingNode() || list.isNull()) {
      return Set.of();
    }
    if (!list.isArray() || list.size() > SyncFilter.MAX_TAGS) {
      throw new ProtocolException(
          "hello tags must be an array of at most " + SyncFilter.MAX_TAGS + " strings");
    }
    Set<String> tags = new java.util.HashSet<>();
    for (JsonNode t : list) {
      if (!t.isTextual() || t.asText().isEmpty() || t.asText().length() > 100) {
        throw new ProtocolException("hello tags must be strings of 1 to 100 characters");
      }
      tags.add(t.asText());
    }
    return tags;
  }

  private static long createdAfter(JsonNode n) {
    JsonNode v = n.path("createdAfter");
    if (v.isMissingNode() || v.isNull()) {
      return 0;
    }
    try {
      long millis = java.time.Instant.parse(v.asText()).toEpochMilli();
      if (!v.isTextual() || millis < 0) {
        throw new java.time.format.DateTimeParseException("", "", 0);
      }
      return millis;
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      throw new ProtocolException("hello createdAfter must be an ISO-8601 instant or null");
    }
  }
}
