package ai.kiana.cli;

import ai.kiana.ai.documents.ImportResult;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The documents half of {@code kiana import}: a file or folder becomes chunk blocks, with a
 * progress bar for folders. A folder's bad files are reported one per line and the good ones are
 * kept; the exit code is then 1.
 */
final class DocumentImport {

  private final CliContext ctx;
  private final CommandSpec spec;

  DocumentImport(CliContext ctx, CommandSpec spec) {
    this.ctx = ctx;
    this.spec = spec;
  }

  int run(Path path) {
    if (!Files.exists(path)) {
      throw CliException.notFound("no such file or folder: " + path);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImportResult result;
    try (Node node = ctx.openExistingNode()) {
      ProgressBar bar = new ProgressBar(err);
      result =
          node.search()
              .importer()
              .importPath(path, (done, total, name) -> bar.update(done, total, name));
      bar.finish();
    }
    for (ImportResult.Failure f : result.failed()) {
      err.println(f.file() + ": " + f.reason());
    }
    err.flush();
    out.println(summary(result));
    if (!result.failed().isEmpty()) {
      throw CliException.failure(
          result.failed().size()
              + " file"
              + (result.failed().size() == 1 ? "" : "s")
              + " not imported");
    }
    return ExitCode.OK;
  }

  static String summary(ImportResult r) {
    return r.count(ImportResult.Outcome.ADDED)
        + " added, "
        + r.count(ImportResult.Outcome.UPDATED)
        + " updated, "
        + r.count(ImportResult.Outcome.UNCHANGED)
        + " unchanged; "
        + r.chunks()
        + " chunks";
  }
}
