package ai.kiana.cli;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import ai.kiana.server.node.Node;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana blocks show}: one block and whether it can be trusted. Exit 1 if it does not verify.
 */
@Command(
    name = "show",
    description = "Show a block, whether its signature verifies, and what superseded it.",
    footer = {"", "Example:", "  kiana blocks show 3f2a9c1d0b7e"})
final class BlocksShowCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<id>",
      description = "Block ID, or its first 6 or more characters.")
  String id;

  @Option(names = "--json", description = "Print as one JSON object.")
  boolean json;

  BlocksShowCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    BlockRef ref = BlockRef.parse(id);
    BlockView view;
    try (Node node = ctx.openExistingNode()) {
      view = node.knowledge().view(ref.resolve(node));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CanonicalJson.canonicalString(toJson(view)));
    } else {
      print(out, view);
    }
    return view.verification().isValid() ? ExitCode.OK : ExitCode.FAILURE;
  }

  private static void print(PrintWriter out, BlockView view) {
    KnowledgeBlock b = view.block();
    line(out, "Block", b.id().hex());
    line(out, "Type", b.type().wireName());
    if (!b.title().isBlank()) {
      line(out, "Title", b.title());
    }
    line(out, "Created", BlockText.createdLong(b));
    line(out, "Author", b.author().display());
    line(out, "Scope", b.scope().wireName());
    if (b.lang() != null) {
      line(out, "Language", b.lang());
    }
    if (!b.tags().isEmpty()) {
      line(out, "Tags", String.join(", ", b.tags()));
    }
    if (b.source() != null) {
      line(
          out,
          "Source",
          b.source().uri()
              + (b.source().sha256() != null ? " (sha256 " + b.source().sha256() + ")" : ""));
    }
    if (!b.supersedes().isEmpty()) {
      line(out, b.type() == BlockType.RETRACTION ? "Retracts" : "Edits", ids(b.supersedes()));
    }
    line(out, "Status", BlockText.status(view.verification()));
    line(out, "Superseded by", view.supersededBy().isEmpty() ? "-" : ids(view.supersededBy()));
    line(out, "Retracted", view.retracted() ? "yes" : "no");
    if (!b.content().isEmpty()) {
      out.println();
      out.println(b.content());
    }
  }

  private static ObjectNode toJson(BlockView view) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.set("block", BlockCodec.toNode(view.block()));
    ObjectNode verification = node.putObject("verification");
    verification.put("status", view.verification().status());
    switch (view.verification()) {
      case Verification.Valid valid -> verification.put("signer", valid.signer().hex());
      case Verification.Invalid invalid -> verification.put("reason", invalid.reason());
    }
    var superseded = node.putArray("supersededBy");
    view.supersededBy().forEach(i -> superseded.add(i.hex()));
    node.put("retracted", view.retracted());
    return node;
  }

  private static String ids(List<BlockId> ids) {
    return ids.stream().map(BlockId::hex).collect(Collectors.joining(", "));
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-14s %s%n", label, value);
  }
}
