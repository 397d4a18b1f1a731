package ai.kiana.cli;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthException;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.ledger.LedgerSetup;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    footer = {
      "",
      "Examples:",
      "  kiana init --data-dir ~/kiana",
      "  kiana init --creator-password-file /run/secrets/kiana-creator"
    })
final class InitCommand implements Callable<Integer> {

  static final String ENV_PASSWORD = "KIANA_CREATOR_PASSWORD";

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--creator-password-file",
      paramLabel = "<file>",
      description = {
        "Make the creator account with the password on this file's first line (or set env",
        "KIANA_CREATOR_PASSWORD). Without either, init asks on a terminal; elsewhere the first",
        "'kiana start' prints a one-time setup link."
      })
  Path creatorPasswordFile;

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
    out.println("Creator:   " + ensureCreator(config));
    return ExitCode.OK;
  }

  /** Makes the creator account if there is none and a password is given; says what it did. */
  private String ensureCreator(NodeConfig config) {
    try (Node node = Node.open(config)) {
      AuthService auth = node.security().auth();
      if (auth.hasCreator()) {
        return "an account exists";
      }
      String password =
          Secrets.read(
              ctx,
              creatorPasswordFile,
              ENV_PASSWORD,
              "Password for the creator account '" + Account.DEFAULT_CREATOR + "'",
              true);
      if (password == null) {
        return "no account yet; the first 'kiana start' prints a one-time setup link (or run:"
            + " kiana user add "
            + Account.DEFAULT_CREATOR
            + " --role creator)";
      }
      auth.create(Account.DEFAULT_CREATOR, Role.CREATOR, password, null);
      return "account '" + Account.DEFAULT_CREATOR + "' created; log in with it";
    } catch (AuthException e) {
      throw Secrets.fromAuth(e);
    }
  }
}
