package ai.kiana.ai.chat;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An Ollama server: {@code POST /api/chat} with {@code "stream": true}, answered as
 * newline-delimited JSON objects, each with a piece in {@code message.content}, the last with
 * {@code "done": true}. An {@code {"error": "…"}} object, in the body of a failed response or as a
 * line of the stream, is reported as {@link BackendException}.
 */
public final class OllamaBackend implements ChatBackend {

  public static final String NAME = "ollama";

  private final HttpClient http;
  private final URI base;
  private final String model;
  private final Duration timeout;

  public OllamaBackend(HttpClient http, URI base, String model, Duration timeout) {
    this.http = http;
    this.base = base;
    this.model = model;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void answer(ChatRequest request, Consumer<String> tokens) {
    ObjectNode body = Prompt.streamingBody(model, request);
    URI uri = Endpoints.resolve(base, "api/chat");
    LineStream.post(
        http,
        NAME,
        uri,
        body.toString(),
        Map.of(),
        timeout,
        OllamaBackend::errorOf,
        tokens,
        (line, pieces) -> {
          if (line.isBlank()) {
            return false;
          }
          JsonNode node = parse(line, uri);
          if (node.hasNonNull("error")) {
            throw BackendException.error(NAME, uri, node.get("error").asText());
          }
          String piece = node.path("message").path("content").asText("");
          pieces.accept(piece);
          return node.path("done").asBoolean(false);
        });
  }

  private static JsonNode parse(String line, URI uri) {
    try {
      return Json.parse(line);
    } catch (JsonFormatException e) {
      throw BackendException.error(NAME, uri, "a stream line is not JSON: " + Endpoints.cut(line));
    }
  }

  private static String errorOf(String body) {
    try {
      return Json.parse(body).path("error").asText("");
    } catch (JsonFormatException e) {
      return "";
    }
  }
}
