package ai.kiana.cli;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiana init}: the data directory and the node's key; nothing else. Idempotent. */
@Command(
    name = "init",
    description = "Create the data directory and this device's key (keeps an existing key).",
    footer = {"", "Example:", "  kiana init --data-dir ~/kiana"})
final class InitCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  InitCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path dir = ctx.dataDir();
    PrintWriter out = spec.commandLine().getOut();
    NodeIdentity identity;
    if (KeyFile.exists(dir)) {
      identity = KeyFile.load(dir, Ed25519Engines.fastest());
      out.println("KI_ana is already set up here; its key was left as it is.");
    } else {
      DataDir.create(dir);
      identity = KeyFile.create(dir, Ed25519Engines.fastest());
      out.println("KI_ana is set up.");
    }
    out.println("Device ID: " + identity.deviceId().display());
    out.println("Data dir:  " + dir);
    return ExitCode.OK;
  }
}
