package ai.kiana.cli;

import ai.kiana.ai.documents.FolderWatcher;
import ai.kiana.ai.documents.FollowedFolders;
import ai.kiana.ai.documents.ImportResult;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeSetupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana follow}: adds a folder to the followed list and imports it now; the running node
 * ({@code kiana start}) then picks up new, changed and deleted files by itself.
 */
@Command(
    name = "follow",
    description = {
      "Follow a folder: import its documents now and, while the node runs, keep them in step",
      "(new and changed files are imported, a changed file supersedes its old chunks, a deleted",
      "file's chunks are retracted)."
    },
    footer = {
      "",
      "Examples:",
      "  kiana follow ~/Notes",
      "  kiana follow --list",
      "  kiana follow --stop ~/Notes     # its documents stay"
    })
final class FollowCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>", description = "The folder.")
  Path folder;

  @Option(names = "--list", description = "Show the followed folders.")
  boolean list;

  @Option(names = "--stop", description = "Stop following <dir>.")
  boolean stop;

  FollowCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ctx.requireKey(ctx.dataDir());
    FollowedFolders followed = new FollowedFolders(DataDir.followedFolders(ctx.dataDir()));
    if (list) {
      followed.list().forEach(out::println);
      return ExitCode.OK;
    }
    if (folder == null) {
      throw CliException.usage("name a folder to follow (or --list)");
    }
    if (stop) {
      if (!followed.remove(folder)) {
        throw CliException.notFound(folder + " is not followed");
      }
      out.println("no longer following " + folder.toAbsolutePath().normalize());
      return ExitCode.OK;
    }
    followed.add(folder);
    out.println("following " + folder.toAbsolutePath().normalize());
    try (Node node = ctx.openExistingNode()) {
      FolderWatcher once = new FolderWatcher(node.search().importer(), followed);
      ImportResult r = once.scan();
      out.println(DocumentImport.summary(r));
      r.failed().forEach(f -> spec.commandLine().getErr().println(f.file() + ": " + f.reason()));
    } catch (NodeSetupException busy) {
      out.println(
          "the running node imports it within "
              + FolderWatcher.DEFAULT_INTERVAL.toSeconds()
              + " s");
    }
    return ExitCode.OK;
  }
}
