package ai.kiana.ai.chat;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * Builds the backend that settings name. Owns the one HTTP client all LLM backends share, with the
 * connect timeout that keeps an unreachable server from holding up an answer.
 */
public final class ChatBackends implements AutoCloseable {

  private final HttpClient http;
  private final ExtractiveBackend extractive = new ExtractiveBackend();

  public ChatBackends() {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(ChatSettings.CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public ChatBackend create(ChatSettings s) {
    return switch (s.backend()) {
      case OllamaBackend.NAME ->
          new OllamaBackend(http, URI.create(s.url()), s.model(), s.timeout());
      case OpenAiBackend.NAME ->
          new OpenAiBackend(http, URI.create(s.url()), s.model(), s.apiKey(), s.timeout());
      default -> extractive;
    };
  }

  public ExtractiveBackend extractive() {
    return extractive;
  }

  @Override
  public void close() {
    http.close();
  }
}
