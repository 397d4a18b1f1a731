package ai.kiana.server.node;

import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.embedding.EmbedderConfig;
import java.nio.file.Path;

/**
 * A node's settings, read once at start-up by {@link ConfigLoader}.
 *
 * @param dataDir where the node keeps its key, config and (by default) its database
 * @param host address the HTTP API binds to; loopback by default (the API has logins but no TLS
 *     yet)
 * @param jdbcUrl the block store; {@code jdbc:sqlite:<dataDir>/kiana.db} unless configured
 * @param maxBodyBytes largest request body the API accepts
 * @param embedding which embedder the search index uses (keys {@code embedding.*})
 * @param chat the answer backend at start-up ({@code chat.*} keys); the settings API changes it
 */
public record NodeConfig(
    Path dataDir,
    String host,
    int port,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    long maxBodyBytes,
    EmbedderConfig embedding,
    ChatSettings chat) {

  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Not used by any common service, so free on a fresh machine. */
  public static final int DEFAULT_PORT = 8470;

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

  public NodeConfig {
    embedding = embedding == null ? EmbedderConfig.defaults() : embedding;
    if (dataDir == null) {
      throw new ConfigException("data-dir", "missing");
    }
    if (host == null || host.isBlank()) {
      throw new ConfigException("host", "must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("port", port + " is not a TCP port (0-65535; 0 picks a free one)");
    }
    if (jdbcUrl == null
        || !(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
      throw new ConfigException(
          "db.url",
          "'"
              + jdbcUrl
              + "' is not supported; use jdbc:sqlite:<file> or jdbc:postgresql://host/db");
    }
    if (maxBodyBytes < 1024) {
      throw new ConfigException("http.max-body-bytes", "must be at least 1024");
    }
    chat = chat == null ? ChatSettings.extractive() : chat;
  }

  /** Settings with the default embedder (the bundled MiniLM) and the extractive answerer. */
  public NodeConfig(
      Path dataDir,
      String host,
      int port,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      long maxBodyBytes) {
    this(dataDir, host, port, jdbcUrl, dbUser, dbPassword, maxBodyBytes, null, null);
  }

  /** Defaults for a data directory: SQLite inside it, loopback, the default port. */
  public static NodeConfig defaults(Path dataDir) {
    return new NodeConfig(
        dataDir,
        DEFAULT_HOST,
        DEFAULT_PORT,
        DataDir.defaultJdbcUrl(dataDir),
        null,
        null,
        DEFAULT_MAX_BODY_BYTES);
  }

  public NodeConfig withPort(int newPort) {
    return new NodeConfig(
        dataDir, host, newPort, jdbcUrl, dbUser, dbPassword, maxBodyBytes, embedding, chat);
  }

  public boolean usesSqlite() {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }
}
