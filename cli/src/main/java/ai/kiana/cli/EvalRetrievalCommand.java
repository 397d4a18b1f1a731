package ai.kiana.cli;

import ai.kiana.ai.documents.ImportResult;
import ai.kiana.ai.eval.EvalQuestion;
import ai.kiana.ai.eval.EvalReport;
import ai.kiana.ai.eval.RetrievalEval;
import ai.kiana.core.json.Json;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiana eval retrieval}: imports a corpus into a throw-away data directory and scores BM25,
 * vectors and hybrid retrieval on golden questions. Uses the embedder the configuration names
 * (kiana.properties of --data-dir, env), so a multilingual model can be compared with the default.
 */
@Command(
    name = "retrieval",
    description = {
      "Import a corpus into a throw-away node and report recall@1, recall@5 and MRR for BM25,",
      "vectors and hybrid retrieval, overall and per language, and how many unanswerable",
      "questions were declined. The last line printed is the same figures as JSON."
    },
    footer = {
      "",
      "--questions takes JSON Lines files or folders (every *.jsonl in them), and may be repeated.",
      "A line: {\"id\",\"lang\",\"question\",\"file\",\"must_contain\":[...],\"answer\"}; \"file\" is",
      "relative to --corpus, null for an unanswerable question.",
      "",
      "Example:",
      "  kiana eval retrieval --corpus eval/retrieval/corpus --questions eval/retrieval",
      "  kiana eval retrieval --corpus c --questions q.jsonl --baseline eval/retrieval/baseline.json"
    })
final class EvalRetrievalCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "<dir>", description = "Documents.")
  Path corpus;

  @Option(
      names = "--questions",
      required = true,
      paramLabel = "<file|dir>",
      description = "Question file(s) or folder(s) of *.jsonl.")
  List<Path> questions;

  @Option(
      names = "--baseline",
      paramLabel = "<file>",
      description =
          "JSON with \"hybrid_recall_at_5\" (and optional \"tolerance\"): exit 1 when this"
              + " run's hybrid recall@5 is lower.")
  Path baseline;

  @Option(names = "--details", description = "Also print one line per question.")
  boolean details;

  EvalRetrievalCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(corpus)) {
      throw CliException.notFound("no corpus folder " + corpus);
    }
    for (Path q : questions) {
      if (!Files.exists(q)) {
        throw CliException.notFound("no such file: " + q);
      }
    }
    List<EvalQuestion> qs = EvalQuestion.read(questions);
    double floor = baseline == null ? -1 : baselineRecall(baseline);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NodeConfig user = ctx.config();
    Path scratch = Files.createTempDirectory("kiana-eval-");
    EvalReport report;
    try {
      NodeConfig config =
          new NodeConfig(
              scratch,
              user.host(),
              0,
              DataDir.defaultJdbcUrl(scratch),
              null,
              null,
              user.maxBodyBytes(),
              user.embedding(),
              null);
      try (Node node = Node.open(config)) {
        ProgressBar bar = new ProgressBar(err);
        long start = System.nanoTime();
        ImportResult imported =
            node.search()
                .importer()
                .importPath(corpus, (done, total, name) -> bar.update(done, total, name));
        bar.finish();
        for (ImportResult.Failure f : imported.failed()) {
          err.println("skipped " + f.file() + ": " + f.reason());
        }
        out.printf(
            Locale.ROOT,
            "imported %d documents as %d chunks in %.1f s; %d questions%n",
            imported.imported().size(),
            imported.chunks(),
            (System.nanoTime() - start) / 1e9,
            qs.size());
        report = new RetrievalEval(node.search().retriever(), corpus.toAbsolutePath()).run(qs);
      }
    } finally {
      deleteTree(scratch);
    }
    if (details) {
      out.print(report.detailLines());
    }
    out.print(report.table());
    out.println(report.json());
    out.flush();
    if (floor >= 0 && report.hybridRecallAt5() + 1e-9 < floor) {
      throw CliException.failure(
          String.format(
              Locale.ROOT,
              "hybrid recall@5 %.3f is below the baseline %.3f",
              report.hybridRecallAt5(),
              floor));
    }
    return ExitCode.OK;
  }

  /** The baseline's hybrid recall@5 less its optional {@code tolerance} (default 0). */
  private static double baselineRecall(Path file) throws IOException {
    JsonNode root = Json.parse(Files.readAllBytes(file));
    JsonNode n = root.path("hybrid_recall_at_5");
    if (!n.isNumber()) {
      throw CliException.data(file + " has no number \"hybrid_recall_at_5\"", null);
    }
    return n.asDouble() - root.path("tolerance").asDouble(0);
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch directory " + root, e);
    }
  }
}
