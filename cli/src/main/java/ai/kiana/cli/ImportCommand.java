package ai.kiana.cli;

import ai.kiana.ai.documents.DocumentType;
import ai.kiana.core.block.ImportReport;
import ai.kiana.server.node.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiana import}: verifies every block first; all or nothing unless --skip-invalid. */
@Command(
    name = "import",
    description = {
      "Import signed blocks from JSON Lines (.jsonl or -), verifying each; all or nothing by",
      "default. Any other file or a folder is imported as documents ("
          + DocumentType.SUPPORTED
          + "): each is split into chunk blocks that cite it; a file imported before with other",
      "content supersedes its old chunks."
    },
    footer = {
      "",
      "Examples:",
      "  kiana import blocks.jsonl",
      "  gunzip -c blocks.jsonl.gz | kiana import -",
      "  kiana import ~/Documents/manuals     # every supported file in the folder"
    })
final class ImportCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<file>",
      description = "JSON Lines file, - for standard input, or a document or folder.")
  String file;

  @Option(
      names = "--skip-invalid",
      description = "Store the blocks that verify even if others do not (still exits 1).")
  boolean skipInvalid;

  ImportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!"-".equals(file) && !file.endsWith(".jsonl")) {
      return new DocumentImport(ctx, spec).run(Path.of(file));
    }
    ImportReport report;
    try (BufferedReader in = open();
        Node node = ctx.openNodeToLearn()) {
      report = node.knowledge().importJsonLines(in, skipInvalid);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (ImportReport.Rejection r : report.rejected()) {
      err.println("line " + r.line() + ": " + r.reason());
    }
    err.flush();
    if (!report.ok() && !skipInvalid) {
      throw CliException.failure(
          "nothing imported: "
              + count(report.rejected().size(), "block")
              + " rejected"
              + " (--skip-invalid imports the others)");
    }
    spec.commandLine()
        .getOut()
        .println(
            count(report.stored(), "block")
                + " stored, "
                + count(report.duplicates(), "duplicate")
                + " already present");
    if (!report.ok()) {
      throw CliException.failure(count(report.rejected().size(), "block") + " rejected");
    }
    return ExitCode.OK;
  }

  private BufferedReader open() throws IOException {
    if ("-".equals(file)) {
      return new BufferedReader(
          new InputStreamReader(ctx.stdin(), StandardCharsets.UTF_8.newDecoder()));
    }
    Path path = Path.of(file);
    if (Files.isDirectory(path)) {
      throw CliException.usage(file + " is a directory, not a JSON Lines file");
    }
    try {
      return Files.newBufferedReader(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
