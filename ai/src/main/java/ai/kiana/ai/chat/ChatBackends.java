package ai.kiana.ai.chat;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * Builds the backend that settings name. Owns the one HTTP client all LLM backends share, with the
 * connect timeout that keeps an unreachable server from holding up an answer. The client is built
 * on first use: loading the JDK's HTTP client costs a cold JVM half a second, which every CLI
 * command that opens the node would otherwise pay even when answers come from the extractive
 * answerer.
 */
public final class ChatBackends implements AutoCloseable {

  private final ExtractiveBackend extractive = new ExtractiveBackend();
  private HttpClient http;

  public ChatBackends() {}

  public ChatBackend create(ChatSettings s) {
    return switch (s.backend()) {
      case OllamaBackend.NAME ->
          new OllamaBackend(http(), URI.create(s.url()), s.model(), s.timeout());
      case OpenAiBackend.NAME ->
          new OpenAiBackend(http(), URI.create(s.url()), s.model(), s.apiKey(), s.timeout());
      default -> extractive;
    };
  }

  public ExtractiveBackend extractive() {
    return extractive;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(ChatSettings.CONNECT_TIMEOUT)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }
    return http;
  }

  /** Ends any exchange still running (a backend that stalls must not hold up shutdown). */
  @Override
  public synchronized void close() {
    if (http != null) {
      http.shutdownNow();
    }
  }
}
