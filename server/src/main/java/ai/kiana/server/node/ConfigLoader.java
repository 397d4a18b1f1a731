package ai.kiana.server.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link NodeConfig} from, in rising precedence: defaults, {@code kiana.properties} in the
 * data directory, environment variables, command-line flags. Keys and env names are stable: other
 * tools and scripts rely on them.
 */
public final class ConfigLoader {

  public static final String FILE_NAME = "kiana.properties";

  /** Config key to environment variable. */
  static final Map<String, String> ENV =
      Map.of(
          "host", "KIANA_HOST",
          "port", "KIANA_PORT",
          "db.url", "KIANA_DB_URL",
          "db.user", "KIANA_DB_USER",
          "db.password", "KIANA_DB_PASSWORD",
          "http.max-body-bytes", "KIANA_MAX_BODY_BYTES");

  private static final Set<String> KEYS = ENV.keySet();

  private ConfigLoader() {}

  /**
   * @param flags settings given on the command line, by config key (e.g. "port")
   * @throws ConfigException naming the key and where it came from
   */
  public static NodeConfig load(Path dataDir, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> merged = new HashMap<>();
    Map<String, String> origin = new HashMap<>();
    Path file = dataDir.resolve(FILE_NAME);
    for (Map.Entry<String, String> e : readFile(file).entrySet()) {
      // sync.* keys belong to the sync settings (server.sync.SyncSettings), which check them.
      if (!KEYS.contains(e.getKey()) && !e.getKey().startsWith("sync.")) {
        throw new ConfigException(
            e.getKey(), "unknown key in " + file + " (known: " + String.join(", ", KEYS) + ")");
      }
      merged.put(e.getKey(), e.getValue().strip());
      origin.put(e.getKey(), file.toString());
    }
    ENV.forEach(
        (key, var) -> {
          String value = env.get(var);
          if (value != null && !value.isBlank()) {
            merged.put(key, value.strip());
            origin.put(key, "env " + var);
          }
        });
    flags.forEach(
        (key, value) -> {
          if (value != null) {
            merged.put(key, value);
            origin.put(key, "command line");
          }
        });
    NodeConfig d = NodeConfig.defaults(dataDir);
    try {
      return new NodeConfig(
          dataDir,
          merged.getOrDefault("host", d.host()),
          intValue(merged, origin, "port", d.port()),
          merged.getOrDefault("db.url", d.jdbcUrl()),
          merged.get("db.user"),
          merged.get("db.password"),
          longValue(merged, origin, "http.max-body-bytes", d.maxBodyBytes()));
    } catch (ConfigException e) {
      String from = origin.get(e.key());
      throw from == null ? e : new ConfigException(e.key(), e.problem() + " (from " + from + ")");
    }
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(FILE_NAME, "cannot read " + file + ": " + e.getMessage());
    }
    return properties(p);
  }

  /** The file's settings as read, without checks (sync settings read their own keys from it). */
  public static Map<String, String> readFileOf(Path dataDir) {
    return readFile(dataDir.resolve(FILE_NAME));
  }

  private static Map<String, String> properties(Properties p) {
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private static int intValue(
      Map<String, String> m, Map<String, String> origin, String key, int dflt) {
    return (int) longValue(m, origin, key, dflt);
  }

  private static long longValue(
      Map<String, String> m, Map<String, String> origin, String key, long dflt) {
    String v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' is not a number (from " + origin.get(key) + ")");
    }
  }
}
