package ai.kiana.cli;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.server.node.NodeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Talks to the node that {@code kiana start} runs on this data directory, for commands that need
 * the running node (pairing and peers live in its sync network, not in the database).
 */
final class NodeApiClient {

  /** An answer of the API: its status and JSON body. */
  record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText("");
    }

    String message() {
      return body.path("message").asText("the node answered " + status);
    }
  }

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  NodeApiClient(NodeConfig config) {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    this.base = URI.create("http://" + host + ":" + config.port());
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)));
  }

  private Answer send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw CliException.data(
          "no KI_ana node answers at " + base, "start it first with: kiana start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
    try {
      return new Answer(response.statusCode(), Json.parse(response.body()));
    } catch (JsonFormatException e) {
      throw CliException.data(
          "something at " + base + " answered, but it is not a KI_ana node",
          "check --port and --data-dir");
    }
  }
}
