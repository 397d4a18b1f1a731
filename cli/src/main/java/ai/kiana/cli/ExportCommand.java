package ai.kiana.cli;

import ai.kiana.server.node.Node;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiana export}: every block as canonical JSON Lines, oldest first, from one snapshot. */
@Command(
    name = "export",
    description = "Write every block as JSON Lines (one signed block per line, oldest first).",
    footer = {
      "",
      "Examples:",
      "  kiana export --output blocks.jsonl",
      "  kiana export | gzip > blocks.jsonl.gz"
    })
final class ExportCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "<file>",
      description = "Write to this file (atomically) instead of standard output.")
  Path output;

  ExportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (Node node = ctx.openExistingNode()) {
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        node.knowledge().exportJsonLines(line -> out.append(line).append('\n'));
        out.flush();
      } else {
        long count = exportToFile(node, output.toAbsolutePath().normalize());
        spec.commandLine().getOut().println(count + " blocks exported to " + output);
      }
    }
    return ExitCode.OK;
  }

  /**
   * Writes a temporary file beside the target and renames it, so the target is never half-written.
   */
  private static long exportToFile(Node node, Path target) {
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw CliException.notFound("no such directory: " + dir);
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      long count;
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        count =
            node.knowledge()
                .exportJsonLines(
                    line -> {
                      try {
                        w.write(line);
                        w.write('\n');
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot write " + target + ": " + e.getCause().getMessage(), e.getCause());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Only our own leftover temporary file; the export's outcome is already decided.
        }
      }
    }
  }
}
