package ai.kiana.server.http;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.ImportReport;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API's JSON for blocks, listings and imports. A block itself is always its {@link BlockCodec}
 * form.
 */
final class BlockJson {

  private BlockJson() {}

  static ObjectNode view(BlockView view) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.set("block", BlockCodec.toNode(view.block()));
    ObjectNode verification = node.putObject("verification");
    verification.put("status", view.verification().status());
    switch (view.verification()) {
      case Verification.Valid valid -> {
        verification.put("signer", valid.signer().hex());
        verification.put("signerDisplay", valid.signer().display());
      }
      // An invalid block has no proven signer; its claimed author is in the block itself.
      case Verification.Invalid invalid -> verification.put("reason", invalid.reason());
    }
    ArrayNode supersededBy = node.putArray("supersededBy");
    for (BlockId id : view.supersededBy()) {
      supersededBy.add(id.hex());
    }
    node.put("retracted", view.retracted());
    ArrayNode conflict = node.putArray("conflict");
    view.conflict().forEach(id -> conflict.add(id.hex()));
    node.put("live", view.live());
    return node;
  }

  static ObjectNode page(BlockPage page) {
    ObjectNode node = Json.mapper().createObjectNode();
    ArrayNode blocks = node.putArray("blocks");
    for (KnowledgeBlock b : page.blocks()) {
      blocks.add(BlockCodec.toNode(b));
    }
    if (page.next() == null) {
      node.putNull("next");
    } else {
      node.put("next", page.next().token());
    }
    return node;
  }

  /**
   * The report, and when a line was rejected also the {@code error}/{@code message} every error
   * body has, so clients can treat the 422 like any other error.
   */
  static ObjectNode importReport(ImportReport report) {
    ObjectNode node = Json.mapper().createObjectNode();
    if (!report.ok()) {
      ImportReport.Rejection first = report.rejected().getFirst();
      node.put("error", "import_rejected");
      node.put(
          "message",
          report.rejected().size()
              + " line(s) rejected, first line "
              + first.line()
              + ": "
              + first.reason());
    }
    node.put("lines", report.lines());
    node.put("stored", report.stored());
    node.put("duplicates", report.duplicates());
    ArrayNode rejected = node.putArray("rejected");
    for (ImportReport.Rejection r : report.rejected()) {
      rejected.addObject().put("line", r.line()).put("reason", r.reason());
    }
    return node;
  }
}
