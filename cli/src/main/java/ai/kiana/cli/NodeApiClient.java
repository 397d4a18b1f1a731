package ai.kiana.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.server.auth.DeviceLogin;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.NodeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Talks to the node that {@code kiana start} runs on this data directory, for commands that need
 * the running node (pairing and peers live in its sync network, not in the database). It logs in as
 * the node's own device, with the key in the data directory: whoever may read that key owns the
 * node anyway, so the CLI needs no password.
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
  private final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private String accessToken;

  NodeApiClient(NodeConfig config) {
    this(config, config.port());
  }

  /** The node of {@code config}'s data directory, listening on {@code port}. */
  NodeApiClient(NodeConfig config, int port) {
    this.dataDir = config.dataDir();
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    this.base = URI.create("http://" + host + ":" + port);
  }

  /**
   * The API of the node running on this data directory (it holds the node lock and recorded its
   * port there), or empty when none runs and the command should open the data directory itself.
   */
  static java.util.Optional<NodeApiClient> ofRunningNode(NodeConfig config) {
    java.util.OptionalInt port = NodeLock.runningPort(config.dataDir());
    if (port.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new NodeApiClient(config, port.getAsInt() > 0 ? port.getAsInt() : config.port()));
  }

  Answer get(String path) {
    return send(authorized(HttpRequest.newBuilder(base.resolve(path)).GET()));
  }

  Answer post(String path, String json) {
    return send(authorized(json(path, json)));
  }

  Answer put(String path, String json) {
    return send(
        authorized(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))));
  }

  Answer delete(String path) {
    return send(authorized(HttpRequest.newBuilder(base.resolve(path)).DELETE()));
  }

  /** One Server-Sent Event: its name and JSON data. */
  record Event(String name, JsonNode data) {}

  /**
   * POSTs {@code json} and hands each Server-Sent Event to {@code events} as it arrives. An answer
   * that is not an event stream (an error) is returned; a stream returns status 200 and no body.
   */
  Answer stream(String path, String json, java.util.function.Consumer<Event> events) {
    HttpResponse<java.util.stream.Stream<String>> response =
        exchange(
            authorized(json(path, json)).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
    try (java.util.stream.Stream<String> lines = response.body()) {
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
        String body = String.join("\n", lines.toList());
        return new Answer(response.statusCode(), parse(body.getBytes(UTF_8)));
      }
      String[] name = {"message"};
      lines.forEachOrdered(
          line -> {
            if (line.startsWith("event:")) {
              name[0] = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
              events.accept(new Event(name[0], parse(line.substring(5).strip().getBytes(UTF_8))));
            } else if (line.isEmpty()) {
              name[0] = "message";
            }
          });
      return new Answer(200, Json.mapper().createObjectNode());
    } catch (java.io.UncheckedIOException e) {
      throw CliException.failure("the node at " + base + " broke off its answer");
    }
  }

  private JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (JsonFormatException e) {
      throw CliException.data(
          "something at " + base + " answered, but it is not a KI_ana node",
          "check --port and --data-dir");
    }
  }

  private HttpRequest.Builder json(String path, String json) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    if (accessToken == null) {
      accessToken = logIn();
    }
    return request.header("Authorization", "Bearer " + accessToken);
  }

  /** Device login: this node's key signs a fresh, single-use challenge (see DeviceLogin). */
  private String logIn() {
    // A node must answer at all before its key matters; that error says "start it first".
    send(HttpRequest.newBuilder(base.resolve("/healthz")).GET());
    NodeIdentity device = KeyFile.load(dataDir, Ed25519Engines.fastest());
    long now = System.currentTimeMillis();
    String signature =
        HexFormat.of().formatHex(device.sign(DeviceLogin.challenge(device.deviceId(), now)));
    Answer a =
        send(
            json(
                "/api/v1/auth/device",
                Json.mapper()
                    .createObjectNode()
                    .put("device", device.deviceId().hex())
                    .put("timestamp", now)
                    .put("signature", signature)
                    .toString()));
    if (a.status() != 200) {
      throw CliException.data(
          "the node at " + base + " did not let this device log in: " + a.message(),
          "is it the node of this data directory? check --port and --data-dir");
    }
    return a.body().path("access_token").asText();
  }

  /** Sends {@code request}; a node that does not answer is a one-line CLI error. */
  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw CliException.data(
          "no KI_ana node answers at " + base, "start it first with: kiana start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
  }

  private Answer send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response =
        exchange(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = response.body();
    // 204 (a delete) has no body.
    return new Answer(
        response.statusCode(), body.length == 0 ? Json.mapper().createObjectNode() : parse(body));
  }
}
