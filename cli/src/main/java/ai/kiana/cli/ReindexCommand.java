package ai.kiana.cli;

import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiana reindex}: throws the search index away and rebuilds it from the block store. */
@Command(
    name = "reindex",
    description =
        "Rebuild the search index from the stored blocks (after changing embedding.* settings,"
            + " or if search seems wrong). The node must not be running.")
final class ReindexCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  ReindexCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    long blocks;
    try (Node node = ctx.openExistingNode()) {
      long total = node.knowledge().stats().blocks();
      ProgressBar bar = new ProgressBar(err);
      blocks = node.search().reindex(done -> bar.update(done, total, "blocks"));
      bar.finish();
    }
    spec.commandLine()
        .getOut()
        .printf(
            java.util.Locale.ROOT,
            "%d blocks indexed in %.1f s%n",
            blocks,
            (System.nanoTime() - start) / 1e9);
    return ExitCode.OK;
  }
}
