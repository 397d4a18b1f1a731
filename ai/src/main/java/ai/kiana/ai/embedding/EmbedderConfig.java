package ai.kiana.ai.embedding;

import java.net.URI;
import java.nio.file.Path;

/**
 * Which embedder a node uses (config keys {@code embedding.*}, see README).
 *
 * @param kind {@code minilm} (the bundled model, default), {@code onnx} (a user-supplied model) or
 *     {@code ollama}
 * @param modelPath the ONNX file for {@code onnx}
 * @param tokenizerPath its {@code tokenizer.json} or {@code vocab.txt}
 * @param url the Ollama server for {@code ollama}
 * @param model the Ollama model name
 */
public record EmbedderConfig(
    String kind, Path modelPath, Path tokenizerPath, URI url, String model, int maxTokens) {

  public static final URI DEFAULT_OLLAMA_URL = URI.create("http://127.0.0.1:11434");

  public EmbedderConfig {
    kind = kind == null || kind.isBlank() ? "minilm" : kind.strip();
    if (!java.util.Set.of("minilm", "onnx", "ollama").contains(kind)) {
      throw new EmbeddingException(
          "embedding.kind '" + kind + "' is not known (minilm, onnx, ollama)");
    }
    url = url == null ? DEFAULT_OLLAMA_URL : url;
    maxTokens = maxTokens <= 0 ? OnnxEmbedder.DEFAULT_MAX_TOKENS : maxTokens;
  }

  /** The bundled MiniLM: no files, no server. */
  public static EmbedderConfig defaults() {
    return new EmbedderConfig("minilm", null, null, null, null, 0);
  }

  /**
   * The id the opened embedder will report, known without loading the model (so a node can check
   * its index at open without paying for the model when nothing needs embedding).
   */
  public String modelId() {
    return switch (kind) {
      case "minilm" -> OnnxEmbedder.DEFAULT_MODEL_ID + "/" + OnnxEmbedder.DEFAULT_MAX_TOKENS;
      case "onnx" -> {
        try {
          yield OnnxEmbedder.fileModelId(modelPath) + "/" + maxTokens;
        } catch (java.io.IOException | RuntimeException e) {
          yield "onnx:" + modelPath + "/" + maxTokens;
        }
      }
      case "ollama" -> "ollama:" + model;
      default -> kind;
    };
  }

  /** Opens the configured embedder; the ONNX ones load their model here (about a second). */
  public Embedder open() {
    return switch (kind) {
      case "minilm" -> OnnxEmbedder.bundled();
      case "onnx" -> {
        if (modelPath == null || tokenizerPath == null) {
          throw new EmbeddingException(
              "embedding.kind=onnx needs embedding.model-path and embedding.tokenizer-path");
        }
        yield OnnxEmbedder.fromFiles(modelPath, tokenizerPath, maxTokens);
      }
      case "ollama" -> new OllamaEmbedder(url, model, OllamaEmbedder.DEFAULT_TIMEOUT);
      default ->
          throw new EmbeddingException(
              "embedding.kind '" + kind + "' is not known (minilm, onnx, ollama)");
    };
  }
}
