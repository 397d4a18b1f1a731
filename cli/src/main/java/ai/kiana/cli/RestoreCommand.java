package ai.kiana.cli;

import ai.kiana.server.backup.Backup;
import ai.kiana.server.backup.RestoreReport;
import ai.kiana.server.node.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiana restore}: a backup into an empty data directory, all or nothing. */
@Command(
    name = "restore",
    description = "Restore a backup zip into an empty data directory (no key, no blocks).",
    footer = {"", "Example:", "  kiana restore ~/kiana-backup.zip --data-dir ~/kiana"})
final class RestoreCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<file.zip>",
      description = "A backup written by kiana backup.")
  Path zip;

  RestoreCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NodeConfig config = ctx.config();
    RestoreReport report = Backup.restore(zip, config);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "restored "
            + report.blocks()
            + " blocks, "
            + report.ledgerBlocks()
            + " ledger blocks and "
            + report.messages()
            + " messages of device "
            + report.manifest().deviceId().display()
            + " into "
            + config.dataDir());
    if (report.propertiesSetAside()) {
      out.println(
          "the backup's settings were saved as "
              + report.properties()
              + " (they name another database or this directory has settings); review and rename"
              + " it");
    }
    return ExitCode.OK;
  }
}
