package ai.kiana.cli;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.server.node.Node;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana blocks delete}: a signed retraction; the block itself stays, as blocks are
 * immutable.
 */
@Command(
    name = "delete",
    description =
        "Retract a block: store a signed retraction that hides it everywhere it syncs to.",
    footer = {"", "Example:", "  kiana blocks delete 3f2a9c1d0b7e --reason \"outdated\""})
final class BlocksDeleteCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<id>",
      description = "Block ID, or its first 6 or more characters.")
  String id;

  @Option(names = "--reason", paramLabel = "<text>", description = "Why; stored in the retraction.")
  String reason;

  BlocksDeleteCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    BlockRef ref = BlockRef.parse(id);
    try (Node node = ctx.openNodeToLearn()) {
      BlockId target = ref.resolve(node);
      KnowledgeBlock retraction = node.knowledge().retract(target, reason);
      spec.commandLine()
          .getOut()
          .println("retracted " + target.shortForm() + " by block " + retraction.id().hex());
    }
    return ExitCode.OK;
  }
}
