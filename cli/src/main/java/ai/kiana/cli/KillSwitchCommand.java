package ai.kiana.cli;

import ai.kiana.server.auth.AuthException;
import ai.kiana.server.killswitch.HaltState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiana killswitch set-phrase|engage|resume|status}. The phrase comes from a file, env
 * {@code KIANA_KILL_PHRASE} or the terminal, never from the command line.
 */
@Command(
    name = "killswitch",
    description = {
      "The kill switch: halt this node (and, over the ledger, every node) with the kill phrase.",
      "A halted node answers nothing, learns nothing and syncs nothing; all data is kept."
    },
    footer = {
      "",
      "Examples:",
      "  kiana killswitch set-phrase",
      "  kiana killswitch engage --phrase-file phrase.txt",
      "  kiana killswitch status",
      "  kiana killswitch resume"
    })
final class KillSwitchCommand implements Callable<Integer> {

  static final String ENV = "KIANA_KILL_PHRASE";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** The options every subcommand shares. */
  abstract static class PhraseCommand implements Callable<Integer> {
    final CliContext ctx;
    @Spec CommandSpec spec;

    @Option(
        names = "--phrase-file",
        paramLabel = "<file>",
        description = "Read the kill phrase from the first line of this file.")
    Path phraseFile;

    PhraseCommand(CliContext ctx) {
      this.ctx = ctx;
    }

    String phrase(String prompt, boolean confirm) {
      return Secrets.require(ctx, phraseFile, ENV, prompt, confirm, "--phrase-file");
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "set-phrase",
      description = "Set or change the kill phrase (stored only as an argon2id hash).")
  static final class SetPhrase extends PhraseCommand {
    @Option(
        names = "--current-phrase-file",
        paramLabel = "<file>",
        description = "The phrase set now, when changing it.")
    Path currentFile;

    SetPhrase(CliContext ctx) {
      super(ctx);
    }

    @Override
    public Integer call() {
      try (LocalSecurity local = LocalSecurity.open(ctx)) {
        String current = null;
        if (local.killSwitch.hasPhrase()) {
          current =
              Secrets.require(
                  ctx, currentFile, null, "Current kill phrase", false, "--current-phrase-file");
        }
        local.killSwitch.setPhrase(current, phrase("New kill phrase", true), "local-cli");
        out().println("Kill phrase set.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "engage", description = "Halt this node and, with the ledger, every node.")
  static final class Engage extends PhraseCommand {
    Engage(CliContext ctx) {
      super(ctx);
    }

    @Override
    public Integer call() {
      try (LocalSecurity local = LocalSecurity.open(ctx)) {
        HaltState s = local.killSwitch.engage(phrase("Kill phrase", false), "local-cli");
        out().println("HALTED: " + s.reason() + ". Only 'kiana killswitch resume' lifts it.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "resume", description = "Lift the halt (the creator, with the kill phrase).")
  static final class Resume extends PhraseCommand {
    Resume(CliContext ctx) {
      super(ctx);
    }

    @Override
    public Integer call() {
      try (LocalSecurity local = LocalSecurity.open(ctx)) {
        local.killSwitch.resume(phrase("Kill phrase", false), "local-cli");
        out().println("Resumed.");
      } catch (AuthException e) {
        throw Secrets.fromAuth(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "status", description = "Whether this node is halted, and why.")
  static final class Status extends PhraseCommand {
    Status(CliContext ctx) {
      super(ctx);
    }

    @Override
    public Integer call() {
      try (LocalSecurity local = LocalSecurity.open(ctx)) {
        HaltState s = local.killSwitch.state();
        out()
            .println(
                s.halted()
                    ? "HALTED since "
                        + java.time.Instant.ofEpochMilli(s.sinceMs())
                        + " by "
                        + s.by()
                        + " ("
                        + s.source()
                        + "): "
                        + s.reason()
                    : "running"
                        + (local.killSwitch.hasPhrase() ? "" : " (no kill phrase set yet)"));
      }
      return ExitCode.OK;
    }
  }
}
