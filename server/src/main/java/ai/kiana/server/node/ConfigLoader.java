package ai.kiana.server.node;

import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.chat.InvalidSettingsException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

  public static final String CHAT_BACKEND = "chat.backend";
  public static final String CHAT_MODEL = "chat.model";
  public static final String CHAT_URL = "chat.url";
  public static final String CHAT_API_KEY = "chat.api-key";
  public static final String CHAT_TIMEOUT_MS = "chat.timeout-ms";

  /** Config key to environment variable. */
  static final Map<String, String> ENV =
      Map.ofEntries(
          Map.entry("host", "KIANA_HOST"),
          Map.entry("port", "KIANA_PORT"),
          Map.entry("db.url", "KIANA_DB_URL"),
          Map.entry("db.user", "KIANA_DB_USER"),
          Map.entry("db.password", "KIANA_DB_PASSWORD"),
          Map.entry("http.max-body-bytes", "KIANA_MAX_BODY_BYTES"),
          // Read by AccessConfig.load, listed here so the file's keys are checked in one place.
          Map.entry("access.allow-addresses", "KIANA_ALLOW_ADDRESSES"),
          Map.entry("access.deny-addresses", "KIANA_DENY_ADDRESSES"),
          Map.entry("access.allow-devices", "KIANA_ALLOW_DEVICES"),
          Map.entry("access.deny-devices", "KIANA_DENY_DEVICES"),
          // The embedder behind the search index.
          Map.entry("embedding.kind", "KIANA_EMBEDDING_KIND"),
          Map.entry("embedding.model-path", "KIANA_EMBEDDING_MODEL_PATH"),
          Map.entry("embedding.tokenizer-path", "KIANA_EMBEDDING_TOKENIZER_PATH"),
          Map.entry("embedding.url", "KIANA_EMBEDDING_URL"),
          Map.entry("embedding.model", "KIANA_EMBEDDING_MODEL"),
          Map.entry("embedding.max-tokens", "KIANA_EMBEDDING_MAX_TOKENS"),
          // chat: the answer backend (see ChatSettings)
          Map.entry(CHAT_BACKEND, "KIANA_CHAT_BACKEND"),
          Map.entry(CHAT_MODEL, "KIANA_CHAT_MODEL"),
          Map.entry(CHAT_URL, "KIANA_CHAT_URL"),
          Map.entry(CHAT_API_KEY, "KIANA_CHAT_API_KEY"),
          Map.entry(CHAT_TIMEOUT_MS, "KIANA_CHAT_TIMEOUT_MS"));

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
          longValue(merged, origin, "http.max-body-bytes", d.maxBodyBytes()),
          EmbeddingKeys.read(merged, origin, dataDir),
          chat(merged, origin));
    } catch (ConfigException e) {
      String from = origin.get(e.key());
      throw from == null ? e : new ConfigException(e.key(), e.problem() + " (from " + from + ")");
    }
  }

  private static ChatSettings chat(Map<String, String> m, Map<String, String> origin) {
    long timeoutMs = longValue(m, origin, CHAT_TIMEOUT_MS, ChatSettings.DEFAULT_TIMEOUT.toMillis());
    try {
      return new ChatSettings(
          m.get(CHAT_BACKEND),
          m.get(CHAT_MODEL),
          m.get(CHAT_URL),
          m.get(CHAT_API_KEY),
          Duration.ofMillis(timeoutMs));
    } catch (InvalidSettingsException e) {
      String problem = e.getMessage().substring(e.key().length() + 2);
      throw new ConfigException(e.key(), problem);
    }
  }

  /**
   * Writes the chat backend chosen through the settings API into {@code kiana.properties}, so it
   * holds after a restart (environment and flags still override it). Other lines stay as they are.
   */
  public static void saveChat(Path dataDir, ChatSettings chat) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(CHAT_BACKEND, chat.backend());
    keys.put(CHAT_MODEL, chat.model());
    keys.put(CHAT_URL, chat.url());
    saveKeys(dataDir, keys);
  }

  /**
   * Replaces the lines of {@code keys} in {@code kiana.properties} (a null value removes the key),
   * atomically; other lines stay as they are. For settings changed through the API.
   */
  public static void saveKeys(Path dataDir, Map<String, String> keys) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      List<String> lines =
          Files.isRegularFile(file)
              ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
              : new ArrayList<>();
      lines.removeIf(l -> keys.containsKey(l.split("[=:]", 2)[0].strip()));
      keys.forEach(
          (k, v) -> {
            if (v != null) {
              lines.add(k + "=" + escape(v));
            }
          });
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A value as kiana.properties reads it back: backslashes doubled, the rest is literal. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
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
