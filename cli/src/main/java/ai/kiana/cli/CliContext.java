package ai.kiana.cli;

import ai.kiana.server.node.ConfigException;
import ai.kiana.server.node.ConfigLoader;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every command works with besides its own options: the global {@link NodeOptions}, the
 * environment, standard input and the stop signal. Passed in explicitly so tests can run commands
 * in-process with their own environment.
 */
final class CliContext {

  private final NodeOptions options;
  private final Map<String, String> env;
  private final InputStream stdin;
  private final StopSignal stopSignal;

  CliContext(
      NodeOptions options, Map<String, String> env, InputStream stdin, StopSignal stopSignal) {
    this.options = options;
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.stopSignal = stopSignal;
  }

  Map<String, String> env() {
    return env;
  }

  InputStream stdin() {
    return stdin;
  }

  StopSignal stopSignal() {
    return stopSignal;
  }

  boolean debug() {
    return options.verbose || "1".equals(env.get("KIANA_DEBUG"));
  }

  /** {@code --data-dir}, else env KIANA_HOME, else the platform's default. */
  Path dataDir() {
    return DataDir.resolve(options.dataDir, env);
  }

  NodeConfig config() {
    return config(Map.of());
  }

  /**
   * The node's settings: defaults, then kiana.properties, env, and the given flags (by config key)
   * plus {@code --db-url}. A flag that is wrong on its own is a usage error (exit 2); a bad value
   * in the file or the environment is a setup problem (exit 4).
   */
  NodeConfig config(Map<String, String> commandFlags) {
    Path dir = dataDir();
    Map<String, String> flags = new LinkedHashMap<>(commandFlags);
    if (options.dbUrl != null) {
      flags.put("db.url", options.dbUrl);
    }
    checkFlagsAlone(dir, flags);
    return ConfigLoader.load(dir, env, flags);
  }

  /**
   * Opens the node of an initialised data directory. Unlike {@link Node#open}, never creates a key:
   * a mistyped --data-dir must not silently become a second, empty node.
   */
  Node openExistingNode() {
    return openExistingNode(Map.of());
  }

  /** As {@link #openExistingNode()}, with command-line settings by config key (e.g. chat.url). */
  Node openExistingNode(Map<String, String> flags) {
    NodeConfig config = config(flags);
    requireKey(config.dataDir());
    return Node.open(config);
  }

  /**
   * As {@link #openExistingNode}, for commands that teach the node something: refused while the
   * kill switch halts it (a halted node learns nothing; its data stays readable).
   */
  Node openNodeToLearn() {
    Node node = openExistingNode();
    if (node.security().killSwitch().halted()) {
      node.close();
      throw CliException.failure(
          "this node is halted by the kill switch and learns nothing until the creator resumes it"
              + " (kiana killswitch resume)");
    }
    return node;
  }

  void requireKey(Path dir) {
    if (!KeyFile.exists(dir)) {
      throw CliException.data(
          "no KI_ana node in " + dir + " (it has no identity/node.key)",
          "run: kiana init"
              + (options.dataDir != null ? " --data-dir " + dir : "")
              + ", or kiana restore <backup.zip>");
    }
  }

  private static void checkFlagsAlone(Path dir, Map<String, String> flags) {
    NodeConfig d = NodeConfig.defaults(dir);
    try {
      new NodeConfig(
          dir,
          flags.getOrDefault("host", d.host()),
          flags.containsKey("port") ? Integer.parseInt(flags.get("port")) : d.port(),
          flags.getOrDefault("db.url", d.jdbcUrl()),
          null,
          null,
          d.maxBodyBytes());
    } catch (ConfigException e) {
      throw CliException.usage("--" + e.key().replace('.', '-') + ": " + e.problem());
    }
  }
}
