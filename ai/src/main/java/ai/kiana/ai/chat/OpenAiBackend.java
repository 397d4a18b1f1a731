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
 * Any OpenAI-compatible server (llama.cpp, vLLM, LM Studio, LocalAI, OpenAI itself): {@code POST
 * /v1/chat/completions} with {@code "stream": true}, answered as Server-Sent Events whose {@code
 * data:} lines carry chunks with the piece in {@code choices[0].delta.content}, ended by {@code
 * data: [DONE]}. The configured URL is the server's base; a trailing {@code /v1} is accepted.
 */
public final class OpenAiBackend implements ChatBackend {

  public static final String NAME = "openai";

  private final HttpClient http;
  private final URI base;
  private final String model;
  private final String apiKey;
  private final Duration timeout;

  public OpenAiBackend(HttpClient http, URI base, String model, String apiKey, Duration timeout) {
    this.http = http;
    this.base = base;
    this.model = model;
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void answer(ChatRequest request, Consumer<String> tokens) {
    ObjectNode body = Prompt.streamingBody(model, request);
    URI uri = Endpoints.resolve(stripV1(base), "v1/chat/completions");
    Map<String, String> headers =
        apiKey == null || apiKey.isBlank()
            ? Map.of("Accept", "text/event-stream")
            : Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + apiKey);
    LineStream.post(
        http,
        NAME,
        uri,
        body.toString(),
        headers,
        timeout,
        OpenAiBackend::errorOf,
        tokens,
        (line, pieces) -> {
          if (!line.startsWith("data:")) {
            return false; // blank separators, "event:", "id:" and ": comment" lines
          }
          String data = line.substring(5).strip();
          if (data.equals("[DONE]")) {
            return true;
          }
          JsonNode node = parse(data, uri);
          if (node.hasNonNull("error")) {
            throw BackendException.error(NAME, uri, errorMessage(node));
          }
          JsonNode choice = node.path("choices").path(0);
          String piece = choice.path("delta").path("content").asText("");
          pieces.accept(piece);
          return false;
        });
  }

  private static URI stripV1(URI base) {
    String s = base.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s.endsWith("/v1") ? s.substring(0, s.length() - 3) : s);
  }

  private static JsonNode parse(String data, URI uri) {
    try {
      return Json.parse(data);
    } catch (JsonFormatException e) {
      throw BackendException.error(NAME, uri, "an event is not JSON: " + Endpoints.cut(data));
    }
  }

  private static String errorMessage(JsonNode node) {
    JsonNode error = node.get("error");
    return error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
  }

  private static String errorOf(String body) {
    try {
      JsonNode node = Json.parse(body);
      return node.hasNonNull("error") ? errorMessage(node) : "";
    } catch (JsonFormatException e) {
      return "";
    }
  }
}
