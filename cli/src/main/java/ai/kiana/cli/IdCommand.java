package ai.kiana.cli;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.server.node.KeyFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiana id}: this device's ID, or a check of an ID someone typed. */
@Command(
    name = "id",
    description = "Print this device's ID, or check a typed device ID with --check.",
    footer = {"", "Examples:", "  kiana id", "  kiana id --check ABCDEFG-HIJKLMN-…"})
final class IdCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--hex",
      description = "Print the ID as 64 hex characters (the form inside blocks).")
  boolean hex;

  @Option(
      names = "--check",
      paramLabel = "<id>",
      description = "Check a device ID (grouped or hex) for typos; needs no data directory.")
  String check;

  IdCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (check != null) {
      try {
        DeviceId.parse(check);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("not a valid device ID: " + e.getMessage());
      }
      spec.commandLine().getOut().println("valid");
      return ExitCode.OK;
    }
    ctx.requireKey(ctx.dataDir());
    DeviceId id = KeyFile.load(ctx.dataDir(), Ed25519Engines.fastest()).deviceId();
    spec.commandLine().getOut().println(hex ? id.hex() : id.display());
    return ExitCode.OK;
  }
}
