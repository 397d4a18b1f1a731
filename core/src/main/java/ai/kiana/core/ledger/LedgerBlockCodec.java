package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a ledger block. Every member is always present ({@code checkpoint} may be null),
 * so the signing bytes are the same whichever implementation writes them. Reading is strict:
 * unknown, missing or mistyped members are errors that name the member, e.g. {@code txs[3].seq}.
 */
public final class LedgerBlockCodec {

  private static final Set<String> FIELDS =
      Set.of(
          "v",
          "height",
          "parent",
          "timestamp",
          "proposer",
          "key",
          "difficulty",
          "txs",
          "txRoot",
          "checkpoint",
          "hash",
          "seal");

  private LedgerBlockCodec() {}

  /** The bytes hashed into {@code hash} and sealed: canonical JSON without hash and seal. */
  public static byte[] signingBytes(LedgerBlock b) {
    return CanonicalJson.canonicalize(unsealedNode(b, txNodes(b.txs())));
  }

  /**
   * The signing bytes of a block that is not sealed yet: the same members as {@link
   * #signingBytes(LedgerBlock)} with the transactions given as signed JSON objects.
   */
  static ObjectNode unsealedNode(
      long height,
      String parent,
      long timestamp,
      DeviceId proposer,
      String key,
      int difficulty,
      ArrayNode txs,
      String txRoot,
      List<DeviceId> checkpoint) {
    ObjectNode node = LedgerJson.NODES.objectNode();
    node.put("v", LedgerBlock.VERSION);
    node.put("height", height);
    node.put("parent", parent);
    node.put("timestamp", timestamp);
    node.put("proposer", proposer.hex());
    node.put("key", key);
    node.put("difficulty", difficulty);
    node.set("txs", txs);
    node.put("txRoot", txRoot);
    if (checkpoint == null) {
      node.putNull("checkpoint");
    } else {
      ArrayNode ids = node.putArray("checkpoint");
      checkpoint.forEach(id -> ids.add(id.hex()));
    }
    return node;
  }

  static ObjectNode unsealedNode(LedgerBlock b, ArrayNode txs) {
    return unsealedNode(
        b.height(),
        b.parent(),
        b.timestamp(),
        b.proposer(),
        b.key(),
        b.difficulty(),
        txs,
        b.txRoot(),
        b.checkpoint());
  }

  static ArrayNode txNodes(List<LedgerTx> txs) {
    ArrayNode array = LedgerJson.NODES.arrayNode(txs.size());
    txs.forEach(tx -> array.add(TxCodec.toNode(tx)));
    return array;
  }

  /** The block as one line of canonical JSON: the form for storage and the wire. */
  public static String toJson(LedgerBlock b) {
    return new String(CanonicalJson.canonicalize(toNode(b)), StandardCharsets.UTF_8);
  }

  public static ObjectNode toNode(LedgerBlock b) {
    ObjectNode node = unsealedNode(b, txNodes(b.txs()));
    node.put("hash", b.hash());
    node.put("seal", b.seal());
    return node;
  }

  /**
   * Reads one block from JSON text.
   *
   * @throws InvalidLedgerDataException naming the first member that is wrong
   * @throws ai.kiana.core.json.JsonFormatException if the text is not JSON
   */
  public static LedgerBlock fromJson(String json) {
    return fromNode(Json.parse(json));
  }

  public static LedgerBlock fromNode(JsonNode node) {
    LedgerJson.requireExactly(node, "block", FIELDS);
    long v = LedgerJson.integer(node, "v");
    if (v != LedgerBlock.VERSION) {
      throw new InvalidLedgerDataException(
          "v",
          "unsupported ledger block format "
              + v
              + " (this node reads "
              + LedgerBlock.VERSION
              + ")");
    }
    long difficulty = LedgerJson.integer(node, "difficulty");
    if (difficulty != LedgerBlock.DIFF_IN_TURN && difficulty != LedgerBlock.DIFF_OUT_OF_TURN) {
      throw new InvalidLedgerDataException(
          "difficulty", "must be 1 (out of turn) or 2 (in turn), not " + difficulty);
    }
    return new LedgerBlock(
        LedgerJson.integer(node, "height"),
        LedgerJson.text(node, "parent"),
        LedgerJson.integer(node, "timestamp"),
        LedgerJson.deviceId(node, "proposer"),
        LedgerJson.text(node, "key"),
        (int) difficulty,
        txs(node.get("txs")),
        LedgerJson.text(node, "txRoot"),
        checkpoint(node.get("checkpoint")),
        LedgerJson.text(node, "hash"),
        LedgerJson.text(node, "seal"));
  }

  private static List<LedgerTx> txs(JsonNode array) {
    if (!array.isArray()) {
      throw new InvalidLedgerDataException("txs", "must be an array of transactions");
    }
    if (array.size() > LedgerLimits.MAX_TXS_PER_BLOCK) {
      throw new InvalidLedgerDataException(
          "txs", "at most " + LedgerLimits.MAX_TXS_PER_BLOCK + " transactions per block");
    }
    List<LedgerTx> txs = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        txs.add(TxCodec.fromNode(array.get(i)));
      } catch (InvalidLedgerDataException e) {
        throw e.under("txs[" + i + "]");
      }
    }
    return txs;
  }

  private static List<DeviceId> checkpoint(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new InvalidLedgerDataException("checkpoint", "must be an array of device IDs or null");
    }
    List<DeviceId> ids = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        throw new InvalidLedgerDataException("checkpoint[" + i + "]", "must be a device ID");
      }
      ids.add(LedgerJson.deviceId(item.textValue(), "checkpoint[" + i + "]"));
    }
    return ids;
  }
}
