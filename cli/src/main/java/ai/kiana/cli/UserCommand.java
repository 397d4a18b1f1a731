package ai.kiana.cli;

import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.Scope;
import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthException;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana user add|list|passwd|remove}: the node's accounts, managed locally by whoever owns
 * the data directory (who acts as the creator).
 */
@Command(
    name = "user",
    description = "Manage the accounts that may log in to this node.",
    footer = {
      "",
      "Examples:",
      "  kiana user add anna --role user --password-file pw.txt",
      "  kiana user list",
      "  kiana user passwd anna",
      "  kiana user remove anna",
      "  kiana user grant anna household",
      "  kiana user revoke anna household"
    })
final class UserCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Command(name = "add", description = "Create an account (password from a file, env or terminal).")
  static final class Add implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>", description = "User name (a-z, 0-9, . _ -).")
    String name;

    @Option(
        names = "--role",
        paramLabel = "<role>",
        description = "creator, admin, user, submind or sensor. Default: user.")
    String role = "user";

    @Option(
        names = "--password-file",
        paramLabel = "<file>",
        description = "Read the password from the first line of this file.")
    Path passwordFile;

    Add(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Role r = role(role);
      String password =
          Secrets.require(
              ctx, passwordFile, "KIANA_PASSWORD", "Password for " + name, true, "--password-file");
      try (Node node = ctx.openExistingNode()) {
        Account a = node.security().auth().create(name, r, password, null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Account " + a.username() + " (" + a.role().wireName() + ") created.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "list", description = "List the accounts and their roles.")
  static final class List implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    List(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Node node = ctx.openExistingNode()) {
        java.util.List<Account> all = node.security().auth().accounts();
        if (all.isEmpty()) {
          out.println("No accounts yet; kiana start prints a one-time setup link.");
        }
        for (Account a : all) {
          out.printf("%-24s %s%n", a.username(), a.role().wireName());
        }
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "passwd", description = "Set an account's password; ends all of its sessions.")
  static final class Passwd implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>")
    String name;

    @Option(names = "--password-file", paramLabel = "<file>")
    Path passwordFile;

    Passwd(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String password =
          Secrets.require(
              ctx,
              passwordFile,
              "KIANA_PASSWORD",
              "New password for " + name,
              true,
              "--password-file");
      try (Node node = ctx.openExistingNode()) {
        node.security().auth().changePassword(name, password, null);
        spec.commandLine().getOut().println("Password of " + name + " changed.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "remove", description = "Remove an account (never the last creator).")
  static final class Remove implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>")
    String name;

    Remove(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (Node node = ctx.openExistingNode()) {
        node.security().auth().remove(name, null);
        node.security().scopes().forget(name);
        spec.commandLine().getOut().println("Account " + name + " removed.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "grant",
      description =
          "Grant a scope (private, household, public) to a user (what it sees and writes) or a"
              + " sensor's account device-<16 hex> (its own scope).")
  static final class Grant implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>")
    String name;

    @Parameters(index = "1", paramLabel = "<scope>")
    String scope;

    Grant(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Scope s = scope(scope);
      try (Node node = ctx.openExistingNode()) {
        principal(node, name);
        boolean added = node.security().scopes().grant(name, s, "cli");
        spec.commandLine()
            .getOut()
            .println(
                added
                    ? "Scope " + s.wireName() + " granted to " + name + "."
                    : name + " already holds scope " + s.wireName() + ".");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "revoke", description = "Take a granted scope away from a user or sensor.")
  static final class Revoke implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>")
    String name;

    @Parameters(index = "1", paramLabel = "<scope>")
    String scope;

    Revoke(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Scope s = scope(scope);
      try (Node node = ctx.openExistingNode()) {
        principal(node, name);
        if (!node.security().scopes().revoke(name, s, "cli")) {
          throw CliException.usage(name + " holds no grant of scope " + s.wireName());
        }
        spec.commandLine()
            .getOut()
            .println("Scope " + s.wireName() + " revoked from " + name + ".");
      }
      return ExitCode.OK;
    }
  }

  private static Scope scope(String wire) {
    try {
      return Scope.fromWire(wire);
    } catch (InvalidBlockException e) {
      throw CliException.usage("<scope>: must be private, household or public");
    }
  }

  /** An existing account or a device's account (made at its first login). */
  private static void principal(Node node, String name) {
    if (node.security().auth().account(name).isEmpty() && !name.matches("device-[0-9a-f]{16}")) {
      throw CliException.usage("no account named " + name + " (see kiana user list)");
    }
  }

  static Role role(String wire) {
    try {
      return Role.fromWire(wire);
    } catch (InvalidLedgerDataException e) {
      throw CliException.usage("--role: " + e.problem());
    }
  }
}
