package ai.kiana.ai.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Which backend writes answers, validated. {@code url} and {@code model} matter only for the LLM
 * backends and get their defaults when absent; {@code apiKey} is sent as a bearer token to an
 * OpenAI-compatible server, never shown by the API.
 *
 * @param timeout the longest wait for a backend's first byte and between two of its lines
 */
public record ChatSettings(
    String backend, String model, String url, String apiKey, Duration timeout) {

  public static final List<String> BACKENDS =
      List.of(ExtractiveBackend.NAME, OllamaBackend.NAME, OpenAiBackend.NAME);
  public static final String DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";
  public static final String DEFAULT_OLLAMA_MODEL = "llama3.2";
  public static final String DEFAULT_OPENAI_URL = "http://127.0.0.1:8080";
  public static final String DEFAULT_OPENAI_MODEL = "default";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  public ChatSettings {
    backend = backend == null || backend.isBlank() ? ExtractiveBackend.NAME : backend.strip();
    backend = backend.toLowerCase(Locale.ROOT);
    if (!BACKENDS.contains(backend)) {
      throw new InvalidSettingsException(
          "chat.backend",
          "'" + backend + "' is not a backend (known: " + String.join(", ", BACKENDS) + ")");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.toMillis() < 100 || timeout.toMinutes() > 30) {
      throw new InvalidSettingsException(
          "chat.timeout-ms", "must be between 100 ms and 30 minutes");
    }
    boolean ollama = backend.equals(OllamaBackend.NAME);
    boolean openai = backend.equals(OpenAiBackend.NAME);
    if (url == null || url.isBlank()) {
      url = ollama ? DEFAULT_OLLAMA_URL : openai ? DEFAULT_OPENAI_URL : null;
    } else {
      url = url.strip();
      checkUrl(url);
    }
    if (model == null || model.isBlank()) {
      model = ollama ? DEFAULT_OLLAMA_MODEL : openai ? DEFAULT_OPENAI_MODEL : null;
    } else {
      model = model.strip();
      if (model.length() > 200 || model.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidSettingsException("chat.model", "must be 1 to 200 printable characters");
      }
    }
  }

  public static ChatSettings extractive() {
    return new ChatSettings(null, null, null, null, null);
  }

  public ChatSettings with(String newBackend, String newModel, String newUrl) {
    return new ChatSettings(newBackend, newModel, newUrl, apiKey, timeout);
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null) {
        throw new InvalidSettingsException(
            "chat.url", "'" + url + "' is not an http(s) URL such as " + DEFAULT_OLLAMA_URL);
      }
    } catch (URISyntaxException e) {
      throw new InvalidSettingsException("chat.url", "'" + url + "' is not a URL");
    }
  }
}
