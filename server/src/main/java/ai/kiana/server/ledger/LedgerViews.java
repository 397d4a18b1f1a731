package ai.kiana.server.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.Vote;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON bodies of the ledger routes (docs/PROTOCOL.md, "Ledger API"). */
final class LedgerViews {

  private LedgerViews() {}

  /**
   * {@code {block, txIds, canonical}}: the block's own wire form and what a client would derive.
   */
  static ObjectNode block(LedgerBlock block, boolean canonical) {
    ObjectNode view = object();
    view.set("block", LedgerBlockCodec.toNode(block));
    ArrayNode ids = view.putArray("txIds");
    block.txs().forEach(tx -> ids.add(tx.id()));
    view.put("canonical", canonical);
    return view;
  }

  /** A page of the chosen chain, newest first; {@code next} is the height to ask for next. */
  static ObjectNode page(List<LedgerBlock> newestFirst, Long next) {
    ObjectNode view = object();
    ArrayNode blocks = view.putArray("blocks");
    newestFirst.forEach(b -> blocks.add(block(b, true)));
    if (next == null) {
      view.putNull("next");
    } else {
      view.put("next", next);
    }
    return view;
  }

  static ObjectNode validators(LedgerState state) {
    ObjectNode view = object();
    view.put("height", state.height());
    view.put("head", state.hash());
    view.put("signerLimit", state.signerLimit());
    DeviceId inTurn = state.inTurn(state.height() + 1);
    ArrayNode list = view.putArray("validators");
    for (DeviceId id : state.validators()) {
      ObjectNode v = list.addObject();
      v.put("device", id.hex());
      v.put("display", id.display());
      DeviceRecord record = state.device(id);
      if (record == null) {
        v.putNull("name");
        v.putNull("role");
      } else {
        v.put("name", record.name());
        v.put("role", record.role().wireName());
      }
      v.put("lastSealed", state.lastSealed(id));
      v.put("inTurnNext", id.equals(inTurn));
      v.put("mayNotSealNext", state.sealedRecently(id));
    }
    ArrayNode votes = view.putArray("votes");
    for (Vote vote : state.votes()) {
      votes
          .addObject()
          .put("signer", vote.signer().hex())
          .put("subject", vote.subject().hex())
          .put("add", vote.add());
    }
    return view;
  }

  static ObjectNode pending(List<LedgerTx> txs) {
    ObjectNode view = object();
    ArrayNode list = view.putArray("transactions");
    for (LedgerTx tx : txs) {
      list.addObject().put("id", tx.id()).set("tx", TxCodec.toNode(tx));
    }
    return view;
  }

  /** The answer to a submission the pool took: 202 with its id. */
  static ObjectNode submitted(LedgerService.Submission s) {
    ObjectNode view = object();
    view.put("id", s.txId());
    view.put(
        "status",
        switch (s.admission().outcome()) {
          case POOLED -> "pending";
          case QUEUED -> "queued";
          default -> "duplicate";
        });
    view.set("tx", TxCodec.toNode(s.tx()));
    return view;
  }

  private static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }
}
