package ai.kiana.cli;

import ai.kiana.server.node.NodeVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code kiana} command: builds the command tree with plain constructors and runs it. */
@Command(
    name = "kiana",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "KI_ana, a personal AI that keeps your knowledge as signed blocks on your own devices.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure (e.g. blocks or a ledger that do not verify, a scenario that",
      "  fails), 2 usage error, 3 not found, 4 data or setup problem (data directory, key,",
      "  database, backup, a malformed scenario file).",
      "",
      "Example:",
      "  kiana init && kiana teach \"Die Erde ist rund\" && kiana blocks list"
    })
public final class Main implements Callable<Integer> {

  /**
   * Lucene reports through java.util.logging which vector code it picked, on every start, and warns
   * when short commands run without the incubator module (the launcher leaves it out of them on
   * purpose). Neither helps a user. Held here so the configured logger is not collected.
   */
  private static final java.util.logging.Logger LUCENE_LOG = quietLucene();

  private static java.util.logging.Logger quietLucene() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.apache.lucene");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  @Mixin private NodeOptions nodeOptions;

  @Spec private CommandSpec spec;

  private Main(NodeOptions nodeOptions) {
    this.nodeOptions = nodeOptions;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  public static void main(String[] args) {
    int code =
        run(
            args,
            System.getenv(),
            System.in,
            System.out,
            System.err,
            new StopSignal.Jvm(),
            Help.Ansi.AUTO);
    System.exit(code);
  }

  static int run(
      String[] args,
      Map<String, String> env,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr,
      StopSignal stopSignal,
      Help.Ansi ansi) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
    CommandLine cl = commandLine(env, stdin, stopSignal);
    cl.setOut(out);
    cl.setErr(err);
    cl.setColorScheme(Help.defaultColorScheme(ansi));
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The whole command tree; out, err and colours are left to the caller. */
  static CommandLine commandLine(
      Map<String, String> env, InputStream stdin, StopSignal stopSignal) {
    NodeOptions options = new NodeOptions();
    CliContext ctx = new CliContext(options, env, stdin, stopSignal);
    ErrorHandler errors = new ErrorHandler(ctx::debug);

    CommandLine blocks = new CommandLine(new BlocksCommand());
    blocks.addSubcommand(new BlocksListCommand(ctx));
    blocks.addSubcommand(new BlocksShowCommand(ctx));
    blocks.addSubcommand(new BlocksDeleteCommand(ctx));

    CommandLine ledger = new CommandLine(new LedgerCommand());
    ledger.addSubcommand(new LedgerSimulateCommand());
    ledger.addSubcommand(new LedgerShowCommand(ctx));
    ledger.addSubcommand(new LedgerValidatorsCommand(ctx));

    // Security: accounts and the kill switch.
    CommandLine user = new CommandLine(new UserCommand());
    user.addSubcommand(new UserCommand.Add(ctx));
    user.addSubcommand(new UserCommand.List(ctx));
    user.addSubcommand(new UserCommand.Passwd(ctx));
    user.addSubcommand(new UserCommand.Remove(ctx));
    user.addSubcommand(new UserCommand.Grant(ctx));
    user.addSubcommand(new UserCommand.Revoke(ctx));
    CommandLine access = new CommandLine(new AccessCommand());
    access.addSubcommand(new AccessCommand.List_(ctx));
    access.addSubcommand(new AccessCommand.Allow(ctx));
    access.addSubcommand(new AccessCommand.Deny(ctx));
    access.addSubcommand(new AccessCommand.Remove(ctx));
    CommandLine key = new CommandLine(new KeyCommand());
    key.addSubcommand(new KeyCommand.Rotate(ctx));
    CommandLine killSwitch = new CommandLine(new KillSwitchCommand());
    killSwitch.addSubcommand(new KillSwitchCommand.SetPhrase(ctx));
    killSwitch.addSubcommand(new KillSwitchCommand.Engage(ctx));
    killSwitch.addSubcommand(new KillSwitchCommand.Resume(ctx));
    killSwitch.addSubcommand(new KillSwitchCommand.Status(ctx));
    CommandLine memory = new CommandLine(new MemoryCommand());
    memory.addSubcommand(new MemoryCommand.List_(ctx));
    memory.addSubcommand(new MemoryCommand.Add(ctx));
    memory.addSubcommand(new MemoryCommand.Edit(ctx));
    memory.addSubcommand(new MemoryCommand.Delete(ctx));

    CommandLine cl = new CommandLine(new Main(options));
    cl.addSubcommand(new InitCommand(ctx));
    cl.addSubcommand(new StartCommand(ctx));
    cl.addSubcommand(new IdCommand(ctx));
    cl.addSubcommand(new TeachCommand(ctx));
    cl.addSubcommand(new AskCommand(ctx));
    cl.addSubcommand(memory);
    cl.addSubcommand(blocks);
    cl.addSubcommand(new ExportCommand(ctx));
    cl.addSubcommand(new ImportCommand(ctx));
    cl.addSubcommand(new VerifyCommand(ctx));
    cl.addSubcommand(ledger);
    cl.addSubcommand(new BackupCommand(ctx));
    cl.addSubcommand(new RestoreCommand(ctx));
    cl.addSubcommand(user);
    cl.addSubcommand(access);
    cl.addSubcommand(key);
    cl.addSubcommand(killSwitch);
    // --- retrieval: search index, documents, evaluation ---
    cl.addSubcommand(new ReindexCommand(ctx));
    cl.addSubcommand(new FollowCommand(ctx));
    CommandLine eval = new CommandLine(new EvalCommand());
    eval.addSubcommand(new EvalRetrievalCommand(ctx));
    cl.addSubcommand(eval);
    cl.addSubcommand(new PairCommand(ctx));
    cl.addSubcommand(new PeersCommand(ctx));
    CommandLine sync = new CommandLine(new SyncCommand());
    sync.addSubcommand(new SyncCommand.Follow(ctx));
    cl.addSubcommand(sync);
    CommandLine msg = new CommandLine(new MsgCommand());
    msg.addSubcommand(new MsgCommand.Send(ctx));
    msg.addSubcommand(new MsgCommand.List_(ctx));
    cl.addSubcommand(msg);
    Converters.registerAll(cl);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    return cl;
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"KI_ana " + NodeVersion.current()};
    }
  }
}
