package ai.kiana.cli;

import ai.kiana.server.ledger.KeyRotation;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiana key rotate}: this device's signing key. */
@Command(
    name = "key",
    description = "Manage this device's key.",
    footer = {"", "Example:", "  kiana key rotate"})
final class KeyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Command(
      name = "rotate",
      description =
          "Replace this device's key by a new one, signed over by the old one on the ledger."
              + " The device keeps its ID; peers follow the ledger. Stop the node first.",
      footer = {"", "Example:", "  kiana key rotate"})
  static final class Rotate implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    Rotate(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      // A running node would keep signing with the old key: the data directory must be ours.
      try (NodeLock lock = NodeLock.acquire(ctx.dataDir());
          Node node = ctx.openExistingNode()) {
        KeyRotation.Result r = KeyRotation.rotate(node, KeyRotation.DEFAULT_WAIT, "cli");
        if (!r.sealed()) {
          out.println(
              "Key rotation submitted but not sealed yet; run kiana key rotate again to finish.");
          return ExitCode.OK;
        }
        out.println("Key of device " + r.device().display() + " rotated.");
        out.println("old key: " + r.oldKey());
        out.println("new key: " + r.newKey());
      }
      return ExitCode.OK;
    }
  }
}
