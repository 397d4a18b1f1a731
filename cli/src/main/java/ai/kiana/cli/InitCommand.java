package ai.kiana.cli;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.server.ledger.LedgerSetup;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kiana init}: the data directory, the node's key and its database with the ledger's genesis
 * block (this device its creator and first validator). Idempotent: an existing key and ledger are
 * kept as they are.
 */
@Command(
    name = "init",
    description = {
      "Create the data directory, this device's key and the ledger's genesis block.",
      "This device becomes the ledger's creator and first validator; an existing key and"
          + " ledger are kept."
    },
    footer = {"", "Example:", "  kiana init --data-dir ~/kiana"})
final class InitCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  InitCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NodeConfig config = ctx.config();
    Path dir = config.dataDir();
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
    LedgerSetup.Outcome ledger =
        LedgerSetup.ensureGenesis(config, identity, System.currentTimeMillis());
    out.println("Device ID: " + identity.deviceId().display());
    out.println("Data dir:  " + dir);
    out.println(
        "Ledger:    "
            + (ledger.created()
                ? "genesis "
                    + ledger.genesis().shortHash()
                    + " created; this device is its creator"
                    + " and first validator"
                : ledger.blocks() + " blocks from genesis " + ledger.genesis().shortHash()));
    return ExitCode.OK;
  }
}
