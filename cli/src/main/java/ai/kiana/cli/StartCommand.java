package ai.kiana.cli;

import ai.kiana.ai.documents.FolderWatcher;
import ai.kiana.core.ledger.Role;
import ai.kiana.net.PeerNetwork;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthException;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.server.node.NodeVersion;
import ai.kiana.server.sync.SyncSettings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiana start}: opens the node (creating its key on first use), serves the HTTP API and runs
 * until SIGINT or SIGTERM; then stops the server before it closes the store.
 */
@Command(
    name = "start",
    description = "Run this node: serve the HTTP API until Ctrl-C (creates the key on first use).",
    footer = {"", "Examples:", "  kiana start", "  kiana start --port 0 --data-dir /tmp/k1"})
final class StartCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "<n>",
      description =
          "TCP port; 0 picks a free one. Default: $KIANA_PORT, else "
              + NodeConfig.DEFAULT_PORT
              + ".")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "<host>",
      description =
          "Address to listen on. Default: $KIANA_HOST, else "
              + NodeConfig.DEFAULT_HOST
              + " (this machine only).")
  String host;

  @Mixin ChatOptions chat = new ChatOptions();

  StartCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>(chat.flags());
    if (port != null) {
      flags.put("port", port.toString());
    }
    if (host != null) {
      flags.put("host", host);
    }
    NodeConfig config = ctx.config(flags);
    PrintWriter out = spec.commandLine().getOut();
    try (NodeLock lock = NodeLock.acquire(config.dataDir());
        Node node = Node.open(config);
        FolderWatcher following = node.followFolders();
        HttpApi api = HttpApi.start(node)) {
      lock.recordPort(api.port());
      out.println(
          "KI_ana "
              + NodeVersion.current()
              + " listening on http://"
              + urlHost(config.host())
              + ":"
              + api.port()
              + " (device "
              + node.identity().deviceId().display()
              + ")");
      // sync: opens the sync port unless sync.enabled=false
      SyncSettings sync = SyncSettings.load(config.dataDir(), ctx.env());
      if (sync.enabled()) {
        PeerNetwork network = node.startSync(sync.netConfig(config.dataDir()));
        out.println(
            "sync listening on port "
                + network.port()
                + (node.security().killSwitch().halted()
                    ? " (ledger only: the node is halted by the kill switch)"
                    : ""));
      }
      out.flush();
      firstStart(node, config, api.port(), out);
      ctx.stopSignal().await();
    } finally {
      ctx.stopSignal().stopped();
    }
    return ExitCode.OK;
  }

  /**
   * A node without a creator account: makes it from env KIANA_CREATOR_PASSWORD or the terminal,
   * else prints a one-time setup link (a token that lets whoever has it set the password once).
   */
  private void firstStart(Node node, NodeConfig config, int port, PrintWriter out) {
    AuthService auth = node.security().auth();
    if (auth.hasCreator()) {
      return;
    }
    String password =
        Secrets.read(
            ctx,
            null,
            InitCommand.ENV_PASSWORD,
            "No creator account yet. Password for '" + Account.DEFAULT_CREATOR + "'",
            true);
    if (password != null) {
      try {
        auth.create(Account.DEFAULT_CREATOR, Role.CREATOR, password, null);
        out.println("Creator account '" + Account.DEFAULT_CREATOR + "' created.");
      } catch (AuthException e) {
        out.println("Creator account not created: " + e.getMessage());
      }
    } else {
      String base = "http://" + urlHost(config.host()) + ":" + port;
      out.println(
          "No creator account yet. Set its password once with this one-time setup link: "
              + base
              + "/setup#token="
              + auth.newSetupToken());
      out.println(
          "  (the web app's setup page posts it to "
              + base
              + "/api/v1/auth/setup as {\"token\", \"password\"}; or stop and run: kiana user"
              + " add creator --role creator)");
    }
    out.flush();
  }

  private static String urlHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
