package ai.kiana.cli;

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
    this.dataDir = config.dataDir();
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    this.base = URI.create("http://" + host + ":" + config.port());
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
