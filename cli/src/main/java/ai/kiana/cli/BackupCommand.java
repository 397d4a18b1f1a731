package ai.kiana.cli;

import ai.kiana.server.backup.Backup;
import ai.kiana.server.backup.BackupManifest;
import ai.kiana.server.node.Node;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiana backup}: key, settings and every block in one zip; fine while the node runs. */
@Command(
    name = "backup",
    description = "Write key, settings and all blocks to a zip (also while the node runs).",
    footer = {
      "",
      "The zip holds this device's private key: keep it as safe as the device itself.",
      "",
      "Example:",
      "  kiana backup ~/kiana-backup.zip"
    })
final class BackupCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<file.zip>",
      description = "Where to write the backup; an existing file is replaced atomically.")
  Path zip;

  BackupCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    BackupManifest manifest;
    try (Node node = ctx.openExistingNode()) {
      manifest = Backup.create(node, zip);
    }
    spec.commandLine()
        .getOut()
        .println(
            "backup of "
                + manifest.blocks()
                + " blocks written to "
                + zip
                + " (device "
                + manifest.deviceId().display()
                + ", ledger of "
                + manifest.ledgerBlocks()
                + " blocks)");
    return ExitCode.OK;
  }
}
