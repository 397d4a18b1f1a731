package ai.kiana.cli;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.PageCursor;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kiana blocks list}: newest first, as a table or as JSON Lines. */
@Command(
    name = "list",
    description = "List blocks, newest first: a table, or JSON Lines with --json.",
    footer = {
      "",
      "Examples:",
      "  kiana blocks list --tag geo --from 2026-01-01",
      "  kiana blocks list --query erde --json"
    })
final class BlocksListCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--type",
      paramLabel = "<type>",
      description =
          "Only blocks of this type (fact, note, memory, chunk, chat, rating, retraction);"
              + " repeatable.")
  Set<BlockType> types = new LinkedHashSet<>();

  @Option(names = "--tag", paramLabel = "<tag>", description = "Only blocks with this tag.")
  String tag;

  @Option(
      names = "--author",
      paramLabel = "<device-id>",
      description = "Only blocks signed by this device (grouped or hex ID).")
  DeviceId author;

  @Option(
      names = "--query",
      paramLabel = "<text>",
      description = "Only blocks whose title or text contains this (any case).")
  String query;

  @Option(
      names = "--from",
      paramLabel = "<time>",
      description = "Created at or after, e.g. 2026-01-31 or 2026-01-31T12:00:00Z (UTC).")
  Instant from;

  @Option(names = "--to", paramLabel = "<time>", description = "Created before.")
  Instant to;

  @Option(
      names = "--all",
      description = "Include blocks that were edited or retracted, and retractions.")
  boolean all;

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      description = "At most this many blocks (default: ${DEFAULT-VALUE}).")
  int limit = BlockQuery.DEFAULT_LIMIT;

  @Option(
      names = "--json",
      description = "One block per line as canonical JSON (the export format).")
  boolean json;

  BlocksListCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ParameterException(spec.commandLine(), "--from must be before --to");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Node node = ctx.openExistingNode()) {
      BlockQuery query =
          new BlockQuery(
              types.isEmpty() ? null : Set.copyOf(types),
              tag,
              author,
              this.query,
              from,
              to,
              !all,
              null,
              Math.min(limit, BlockQuery.MAX_LIMIT));
      if (!json) {
        out.println(BlockText.header());
      }
      int shown = 0;
      PageCursor next = null;
      do {
        BlockPage page =
            node.knowledge()
                .list(
                    query.withAfter(next).withLimit(Math.min(limit - shown, BlockQuery.MAX_LIMIT)));
        for (KnowledgeBlock b : page.blocks()) {
          out.println(json ? BlockCodec.toJson(b) : BlockText.row(b));
        }
        shown += page.blocks().size();
        next = page.next();
      } while (next != null && shown < limit);
      if (!json) {
        if (shown == 0) {
          out.println("(no blocks" + (filtered() ? " match" : " yet") + ")");
        } else if (next != null) {
          out.println("… more blocks; raise --limit to see them");
        }
      }
    }
    return ExitCode.OK;
  }

  private boolean filtered() {
    return !types.isEmpty()
        || tag != null
        || author != null
        || query != null
        || from != null
        || to != null;
  }
}
