package ai.kiana.ai.embedding;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings from an Ollama server ({@code POST /api/embed} with a list of inputs, one request per
 * batch). The dimension is learned from the first answer.
 */
public final class OllamaEmbedder implements Embedder {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_BATCH = 64;

  private final URI endpoint;
  private final String model;
  private final HttpClient http;
  private final Duration timeout;
  private volatile int dimension = -1;

  public OllamaEmbedder(URI baseUrl, String model, Duration timeout) {
    if (model == null || model.isBlank()) {
      throw new EmbeddingException("the Ollama embedder needs a model name (embedding.model)");
    }
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + "/api/embed");
    this.model = model;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public int dimension() {
    if (dimension < 0) {
      embed("dimension probe");
    }
    return dimension;
  }

  @Override
  public String modelId() {
    return "ollama:" + model;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += DEFAULT_BATCH) {
      out.addAll(request(texts.subList(from, Math.min(texts.size(), from + DEFAULT_BATCH))));
    }
    return out;
  }

  private List<float[]> request(List<String> texts) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new EmbeddingException(
          "Ollama at " + endpoint + " does not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while waiting for Ollama", e);
    }
    JsonNode json;
    try {
      json = Json.parse(resp.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new EmbeddingException(
          "Ollama answered " + resp.statusCode() + " with a body that is not JSON", e);
    }
    if (resp.statusCode() != 200) {
      throw new EmbeddingException(
          "Ollama answered "
              + resp.statusCode()
              + ": "
              + json.path("error").asText("(no message)"));
    }
    JsonNode vectors = json.path("embeddings");
    if (!vectors.isArray() || vectors.size() != texts.size()) {
      throw new EmbeddingException(
          "Ollama returned " + vectors.size() + " embeddings for " + texts.size() + " texts");
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (JsonNode v : vectors) {
      float[] f = new float[v.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) v.get(i).asDouble();
      }
      if (dimension < 0) {
        dimension = f.length;
      } else if (f.length != dimension) {
        throw new EmbeddingException(
            "Ollama returned a " + f.length + "-d vector after " + dimension + "-d ones");
      }
      out.add(Embedder.normalize(f));
    }
    return out;
  }
}
