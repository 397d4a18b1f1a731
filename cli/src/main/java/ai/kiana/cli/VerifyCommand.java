package ai.kiana.cli;

import ai.kiana.core.block.VerifyReport;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiana verify}: re-checks the id and signature of every stored block. */
@Command(
    name = "verify",
    description = "Re-check the ID and signature of every stored block; exit 1 if any fails.",
    footer = {"", "Example:", "  kiana verify"})
final class VerifyCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  VerifyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    VerifyReport report;
    try (Node node = ctx.openExistingNode()) {
      report = node.knowledge().verifyAll();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (report.ok()) {
      out.println(report.checked() + " blocks verified");
      return ExitCode.OK;
    }
    for (VerifyReport.Failure f : report.failures()) {
      out.println("INVALID " + f.id().hex() + ": " + f.reason());
    }
    out.flush();
    throw CliException.failure(
        report.failures().size() + " of " + report.checked() + " blocks failed verification");
  }
}
