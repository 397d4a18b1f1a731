package ai.kiana.core.ledger;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.KillSwitch;
import ai.kiana.core.ledger.TxPayload.KnowledgeCheckpoint;
import ai.kiana.core.ledger.TxPayload.ModelPublished;
import ai.kiana.core.ledger.TxPayload.PolicyChanged;
import ai.kiana.core.ledger.TxPayload.Resume;
import ai.kiana.core.ledger.TxPayload.RoleChanged;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a ledger transaction: {@code type}, {@code issuer}, {@code key}, {@code seq},
 * the payload's members, {@code sig}; all always present (docs/PROTOCOL.md, "Ledger transactions").
 * Reading is strict and names the bad member.
 */
public final class TxCodec {

  private static final List<String> COMMON = List.of("type", "issuer", "key", "seq", "sig");
  private static final Map<TxType, Set<String>> FIELDS = fields();

  private TxCodec() {}

  /** The bytes that are hashed into the id and signed: canonical JSON without {@code sig}. */
  public static byte[] signingBytes(TxPayload payload, DeviceId issuer, String key, long seq) {
    return CanonicalJson.canonicalize(unsignedNode(payload, issuer, key, seq));
  }

  public static byte[] signingBytes(LedgerTx tx) {
    return signingBytes(tx.payload(), tx.issuer(), tx.key(), tx.seq());
  }

  /** SHA-256 of the signing bytes as 64 hex characters. */
  public static String id(LedgerTx tx) {
    return Sha256.hex(signingBytes(tx));
  }

  /** The transaction as one line of canonical JSON. */
  public static String toJson(LedgerTx tx) {
    return new String(CanonicalJson.canonicalize(toNode(tx)), StandardCharsets.UTF_8);
  }

  public static ObjectNode toNode(LedgerTx tx) {
    ObjectNode node = unsignedNode(tx.payload(), tx.issuer(), tx.key(), tx.seq());
    node.put("sig", tx.sig());
    return node;
  }

  static ObjectNode unsignedNode(TxPayload payload, DeviceId issuer, String key, long seq) {
    ObjectNode node = LedgerJson.NODES.objectNode();
    node.put("type", payload.type().wireName());
    node.put("issuer", issuer.hex());
    node.put("key", key);
    node.put("seq", seq);
    switch (payload) {
      case DeviceAdmitted p -> {
        node.put("device", p.device().hex());
        node.put("deviceKey", p.deviceKey());
        node.put("role", p.role().wireName());
        node.put("name", p.name());
      }
      case DeviceRevoked p -> {
        node.put("device", p.device().hex());
        node.put("reason", p.reason());
      }
      case RoleChanged p -> {
        node.put("device", p.device().hex());
        node.put("role", p.role().wireName());
      }
      case ValidatorVote p -> {
        node.put("subject", p.subject().hex());
        node.put("add", p.add());
      }
      case KillSwitch p -> node.put("reason", p.reason());
      case Resume p -> {}
      case ModelPublished p -> {
        node.put("version", p.version());
        node.put("sha256", p.sha256());
      }
      case KnowledgeCheckpoint p -> {
        node.put("merkleRoot", p.merkleRoot());
        node.put("blockCount", p.blockCount());
      }
      case PolicyChanged p -> {
        node.put("policy", p.policy());
        node.put("value", p.value());
      }
      case TxPayload.KeyRotated p -> {
        node.put("newKey", p.newKey());
        node.put("newKeySig", p.newKeySig());
      }
    }
    return node;
  }

  /**
   * Reads one transaction from JSON text.
   *
   * @throws InvalidLedgerDataException naming the first member that is wrong
   * @throws ai.kiana.core.json.JsonFormatException if the text is not JSON
   */
  public static LedgerTx fromJson(String json) {
    return fromNode(Json.parse(json));
  }

  public static LedgerTx fromNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidLedgerDataException("tx", "must be a JSON object");
    }
    TxType type = TxType.fromWire(LedgerJson.text(node, "type"));
    LedgerJson.requireExactly(node, "tx", FIELDS.get(type));
    TxPayload payload = payload(type, node);
    return new LedgerTx(
        payload,
        LedgerJson.deviceId(node, "issuer"),
        LedgerJson.text(node, "key"),
        LedgerJson.integer(node, "seq"),
        LedgerJson.text(node, "sig"));
  }

  private static TxPayload payload(TxType type, JsonNode n) {
    return switch (type) {
      case DEVICE_ADMITTED ->
          new DeviceAdmitted(
              LedgerJson.deviceId(n, "device"),
              LedgerJson.text(n, "deviceKey"),
              Role.fromWire(LedgerJson.text(n, "role")),
              LedgerJson.text(n, "name"));
      case DEVICE_REVOKED ->
          new DeviceRevoked(LedgerJson.deviceId(n, "device"), LedgerJson.text(n, "reason"));
      case ROLE_CHANGED ->
          new RoleChanged(
              LedgerJson.deviceId(n, "device"), Role.fromWire(LedgerJson.text(n, "role")));
      case VALIDATOR_VOTE ->
          new ValidatorVote(LedgerJson.deviceId(n, "subject"), LedgerJson.bool(n, "add"));
      case KILL_SWITCH -> new KillSwitch(LedgerJson.text(n, "reason"));
      case RESUME -> new Resume();
      case MODEL_PUBLISHED ->
          new ModelPublished(LedgerJson.integer(n, "version"), LedgerJson.text(n, "sha256"));
      case KNOWLEDGE_CHECKPOINT ->
          new KnowledgeCheckpoint(
              LedgerJson.text(n, "merkleRoot"), LedgerJson.integer(n, "blockCount"));
      case POLICY_CHANGED ->
          new PolicyChanged(LedgerJson.text(n, "policy"), LedgerJson.nullableText(n, "value"));
      case KEY_ROTATED ->
          new TxPayload.KeyRotated(LedgerJson.text(n, "newKey"), LedgerJson.text(n, "newKeySig"));
    };
  }

  private static Map<TxType, Set<String>> fields() {
    Map<TxType, List<String>> payload = new EnumMap<>(TxType.class);
    payload.put(TxType.DEVICE_ADMITTED, List.of("device", "deviceKey", "role", "name"));
    payload.put(TxType.DEVICE_REVOKED, List.of("device", "reason"));
    payload.put(TxType.ROLE_CHANGED, List.of("device", "role"));
    payload.put(TxType.VALIDATOR_VOTE, List.of("subject", "add"));
    payload.put(TxType.KILL_SWITCH, List.of("reason"));
    payload.put(TxType.RESUME, List.of());
    payload.put(TxType.MODEL_PUBLISHED, List.of("version", "sha256"));
    payload.put(TxType.KNOWLEDGE_CHECKPOINT, List.of("merkleRoot", "blockCount"));
    payload.put(TxType.POLICY_CHANGED, List.of("policy", "value"));
    payload.put(TxType.KEY_ROTATED, List.of("newKey", "newKeySig"));
    Map<TxType, Set<String>> all = new EnumMap<>(TxType.class);
    payload.forEach(
        (type, names) -> {
          Set<String> set = new HashSet<>(COMMON);
          set.addAll(names);
          all.put(type, Set.copyOf(set));
        });
    return all;
  }
}
