package ai.kiana.server.ledger;

import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.http.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads the body of {@code POST /api/v1/ledger/transactions}: either an intent, {@code {type,
 * …payload}}, which the node signs as its own, or a transaction already signed elsewhere, which
 * carries {@code issuer}, {@code key}, {@code seq} and {@code sig} as well. Both are read by {@link
 * TxCodec}'s strict rules, so a bad member is a 400 that names it.
 */
final class TxRequests {

  /** The members a signed transaction has and an intent must leave to the node. */
  static final List<String> SIGNING_MEMBERS = List.of("issuer", "key", "seq", "sig");

  private static final String NO_KEY = "0".repeat(64);
  private static final String NO_SIGNATURE = "0".repeat(128);

  /** What the body asks for: exactly one of the two is set. */
  record Request(TxPayload intent, LedgerTx signed) {}

  private TxRequests() {}

  static Request read(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.BadRequest.body(
          "the body must be a JSON object: a transaction intent {type, ...} or a signed"
              + " transaction");
    }
    if (!body.has("type")) {
      throw ApiException.BadRequest.missingField("type");
    }
    try {
      if (body.has("sig")) {
        return new Request(null, TxCodec.fromNode(body));
      }
      for (String member : SIGNING_MEMBERS) {
        if (body.has(member)) {
          throw new ApiException.BadRequest(
              "unknown_field",
              member
                  + ": an intent leaves issuer, key, seq and sig to the node (send all four,"
                  + " with sig, for a transaction signed elsewhere)",
              member);
        }
      }
      TxPayload intent = payload((ObjectNode) body);
      if (intent instanceof TxPayload.KeyRotated) {
        // The node would sign away its own key to one the caller chose, and could no longer act.
        throw ApiException.BadRequest.field(
            "type",
            "this node's key is rotated with 'kiana key rotate' on its machine, not through the"
                + " API (a rotation signed by another device may be sent as a signed transaction)");
      }
      return new Request(intent, null);
    } catch (InvalidLedgerDataException e) {
      throw badField(e);
    }
  }

  /**
   * The payload of an intent, read by the same strict reader as a signed transaction: the signing
   * members are filled with placeholders, which are thrown away with the rest.
   */
  private static TxPayload payload(ObjectNode intent) {
    ObjectNode asTx = intent.deepCopy();
    asTx.put("issuer", NO_KEY);
    asTx.put("key", NO_KEY);
    asTx.put("seq", 1);
    asTx.put("sig", NO_SIGNATURE);
    return TxCodec.fromNode(asTx).payload();
  }

  /** A malformed member as the API's usual 400 codes. */
  static ApiException badField(InvalidLedgerDataException e) {
    String field = e.field();
    return switch (e.problem()) {
      case "unknown field" -> ApiException.BadRequest.unknownField(field);
      case "missing" -> ApiException.BadRequest.missingField(field);
      default ->
          e.problem().startsWith("unknown transaction type")
              ? new ApiException.BadRequest("unknown_tx_type", e.getMessage(), field)
              : ApiException.BadRequest.field(field, e.problem());
    };
  }
}
