package ai.kiana.server.node;

import ai.kiana.ai.embedding.EmbedderConfig;
import ai.kiana.ai.embedding.EmbeddingException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Reads the {@code embedding.*} settings into an {@link EmbedderConfig}, naming a bad key. */
final class EmbeddingKeys {

  private EmbeddingKeys() {}

  static EmbedderConfig read(Map<String, String> m, Map<String, String> origin, Path dataDir) {
    String kind = m.get("embedding.kind");
    URI url = null;
    if (m.get("embedding.url") != null) {
      try {
        url = URI.create(m.get("embedding.url"));
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
          throw new IllegalArgumentException("not an http(s) URL");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "embedding.url",
            "'"
                + m.get("embedding.url")
                + "' is not an http(s) URL (from "
                + origin.get("embedding.url")
                + ")");
      }
    }
    int maxTokens = 0;
    if (m.get("embedding.max-tokens") != null) {
      try {
        maxTokens = Integer.parseInt(m.get("embedding.max-tokens"));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "embedding.max-tokens", "'" + m.get("embedding.max-tokens") + "' is not a number");
      }
    }
    try {
      EmbedderConfig config =
          new EmbedderConfig(
              kind,
              path(m.get("embedding.model-path"), dataDir),
              path(m.get("embedding.tokenizer-path"), dataDir),
              url,
              m.get("embedding.model"),
              maxTokens);
      if (config.kind().equals("onnx")
          && (config.modelPath() == null || config.tokenizerPath() == null)) {
        throw new ConfigException(
            "embedding.model-path",
            "embedding.kind=onnx needs embedding.model-path and embedding.tokenizer-path");
      }
      if (config.kind().equals("ollama") && (config.model() == null || config.model().isBlank())) {
        throw new ConfigException("embedding.model", "embedding.kind=ollama needs a model name");
      }
      return config;
    } catch (EmbeddingException e) {
      throw new ConfigException("embedding.kind", e.getMessage());
    }
  }

  /** Relative paths are relative to the data directory, where a user would put a model. */
  private static Path path(String value, Path dataDir) {
    return value == null ? null : dataDir.resolve(value).toAbsolutePath().normalize();
  }
}
