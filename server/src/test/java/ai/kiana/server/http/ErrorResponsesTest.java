package ai.kiana.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused request gets a 4xx with a JSON error body, and nothing of the server's insides. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorResponsesTest {

  static final long MAX_BODY = 2048;
  static final String BLOCKS = "/api/v1/blocks";
  static final String ZERO_ID = "0".repeat(64);

  TestNode server;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = TestNode.start(dataDir, MAX_BODY);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        // method, path, content type, body, status, error code, field
        bad("POST", BLOCKS, "application/json", "{\"type\":\"fact\",", 400, "invalid_json", null),
        bad("POST", BLOCKS, "application/json", "", 400, "invalid_json", null),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"type\":\"note\",\"content\":\"x\"}",
            400,
            "invalid_json",
            null),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\"} {}",
            400,
            "invalid_json",
            null),
        bad("POST", BLOCKS, "application/json", "[\"fact\"]", 400, "invalid_body", null),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"colour\":\"red\"}",
            400,
            "unknown_field",
            "colour"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"content\":\"x\"}",
            400,
            "missing_field",
            "type"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\"}",
            400,
            "missing_field",
            "content"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":null}",
            400,
            "missing_field",
            "content"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":42}",
            400,
            "invalid_field",
            "content"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":7,\"content\":\"x\"}",
            400,
            "invalid_field",
            "type"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"title\":[]}",
            400,
            "invalid_field",
            "title"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"tags\":\"home\"}",
            400,
            "invalid_field",
            "tags"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"tags\":[1]}",
            400,
            "invalid_field",
            "tags"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"tags\":[\" \"]}",
            400,
            "invalid_field",
            "tags"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"gossip\",\"content\":\"x\"}",
            400,
            "invalid_field",
            "type"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"retraction\",\"content\":\"x\"}",
            400,
            "invalid_field",
            "type"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"scope\":\"world\"}",
            400,
            "invalid_field",
            "scope"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"lang\":\"not a language\"}",
            400,
            "invalid_field",
            "lang"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"source\":\"file:///a\"}",
            400,
            "invalid_field",
            "source"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"source\":{\"uri\":\"file:///a\",\"size\":1}}",
            400,
            "unknown_field",
            "source.size"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"source\":{\"sha256\":null}}",
            400,
            "missing_field",
            "source.uri"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"source\":{\"uri\":\"file:///a\",\"sha256\":\"abc\"}}",
            400,
            "invalid_field",
            "source.sha256"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"supersedes\":[\"abc\"]}",
            400,
            "invalid_field",
            "supersedes"),
        bad(
            "POST",
            BLOCKS,
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\",\"supersedes\":[\"" + ZERO_ID + "\"]}",
            404,
            "block_not_found",
            null),
        bad(
            "POST",
            BLOCKS,
            "text/plain",
            "{\"type\":\"fact\",\"content\":\"x\"}",
            415,
            "unsupported_media_type",
            null),
        bad(
            "POST",
            BLOCKS,
            null,
            "{\"type\":\"fact\",\"content\":\"x\"}",
            415,
            "unsupported_media_type",
            null),
        bad(
            "POST",
            BLOCKS + "?dryRun=true",
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\"}",
            400,
            "unknown_parameter",
            "dryRun"),
        bad(
            "POST",
            BLOCKS + "/import",
            "application/json",
            "{}",
            415,
            "unsupported_media_type",
            null),
        bad(
            "POST",
            BLOCKS + "/import?skipInvalid=maybe",
            "application/x-ndjson",
            "",
            400,
            "invalid_parameter",
            "skipInvalid"),
        bad("GET", BLOCKS + "?limit=0", null, null, 400, "invalid_parameter", "limit"),
        bad("GET", BLOCKS + "?limit=1001", null, null, 400, "invalid_parameter", "limit"),
        bad("GET", BLOCKS + "?limit=ten", null, null, 400, "invalid_parameter", "limit"),
        bad("GET", BLOCKS + "?limit=1&limit=2", null, null, 400, "invalid_parameter", "limit"),
        bad("GET", BLOCKS + "?type=fact,gossip", null, null, 400, "invalid_parameter", "type"),
        bad("GET", BLOCKS + "?type=", null, null, 400, "invalid_parameter", "type"),
        bad(
            "GET",
            BLOCKS + "?author=ABCDEFG-HIJKLMN",
            null,
            null,
            400,
            "invalid_parameter",
            "author"),
        bad("GET", BLOCKS + "?from=yesterday", null, null, 400, "invalid_parameter", "from"),
        bad("GET", BLOCKS + "?to=2026-01-01", null, null, 400, "invalid_parameter", "to"),
        bad(
            "GET",
            BLOCKS + "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            null,
            null,
            400,
            "invalid_parameter",
            "from"),
        bad("GET", BLOCKS + "?state=dead", null, null, 400, "invalid_parameter", "state"),
        bad(
            "GET",
            BLOCKS + "?cursor=bm90LWEtY3Vyc29y",
            null,
            null,
            400,
            "invalid_parameter",
            "cursor"),
        bad("GET", BLOCKS + "?tags=home", null, null, 400, "unknown_parameter", "tags"),
        bad("GET", BLOCKS + "/not-a-block-id", null, null, 400, "invalid_parameter", "id"),
        bad("GET", BLOCKS + "/" + ZERO_ID, null, null, 404, "block_not_found", null),
        bad("DELETE", BLOCKS + "/" + "g".repeat(64), null, null, 400, "invalid_parameter", "id"),
        bad("GET", "/api/v1/nothing-here", null, null, 404, "route_not_found", null),
        bad("GET", "/api", null, null, 404, "route_not_found", null),
        bad("PUT", BLOCKS, "application/json", "{}", 405, "method_not_allowed", null),
        bad("DELETE", BLOCKS, null, null, 405, "method_not_allowed", null),
        bad("POST", "/healthz", "application/json", "{}", 405, "method_not_allowed", null),
        bad(
            "PATCH",
            BLOCKS + "/" + ZERO_ID,
            "application/json",
            "{}",
            405,
            "method_not_allowed",
            null));
  }

  private static Arguments bad(
      String method,
      String path,
      String contentType,
      String body,
      int status,
      String error,
      String field) {
    return Arguments.of(method, path, contentType, body, status, error, field);
  }

  @ParameterizedTest(name = "{0} {1} {3} -> {4} {5}")
  @MethodSource("badRequests")
  void badRequestGetsA4xxJsonErrorNamingTheProblem(
      String method,
      String path,
      String contentType,
      String body,
      int status,
      String error,
      String field) {
    TestNode.Reply reply = server.send(method, path, contentType, body, Map.of());

    assertIsJsonError(reply, status, error);
    if (field != null) {
      assertThat(reply.json().get("field").textValue()).isEqualTo(field);
    }
  }

  @Test
  void errorsAreJsonEvenWhenTheClientAsksForHtml() {
    TestNode.Reply reply =
        server.send("GET", "/api/v1/no/such/page", null, null, Map.of("Accept", "text/html"));

    assertIsJsonError(reply, 404, "route_not_found");
  }

  @Test
  void methodNotAllowedListsTheAllowedMethods() {
    TestNode.Reply reply = server.send("PUT", BLOCKS, "application/json", "{}", Map.of());

    assertThat(reply.header("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("GET", "POST"));
  }

  @Test
  void oversizedBodyWithContentLengthIsRefusedWith413() {
    String body = "{\"type\":\"fact\",\"content\":\"" + "x".repeat((int) MAX_BODY) + "\"}";

    TestNode.Reply reply = server.postJson(BLOCKS, body);

    assertIsJsonError(reply, 413, "payload_too_large");
    assertThat(reply.json().get("message").textValue()).contains(Long.toString(MAX_BODY));
  }

  @Test
  void oversizedChunkedBodyIsRefusedWith413() {
    byte[] body =
        ("{\"type\":\"fact\",\"content\":\"" + "x".repeat((int) MAX_BODY * 2) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    TestNode.Reply reply = server.postChunked(BLOCKS, "application/json", body);

    assertIsJsonError(reply, 413, "payload_too_large");
  }

  @Test
  void importBodyThatIsNotUtf8IsABadRequest() {
    byte[] latin1 = "{\"title\":\"Stra\u00dfe\"}\n".getBytes(StandardCharsets.ISO_8859_1);

    TestNode.Reply reply = server.postChunked(BLOCKS + "/import", "text/plain", latin1);

    assertIsJsonError(reply, 400, "invalid_body");
  }

  @Test
  void methodOverrideHeaderIsRefused() {
    TestNode.Reply reply =
        server.send(
            "POST",
            BLOCKS + "/" + ZERO_ID,
            "application/json",
            "{}",
            Map.of("X-HTTP-Method-Override", "DELETE"));

    assertIsJsonError(reply, 400, "unsupported_header");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequestLines")
  void malformedUrlsGetA4xxJsonError(String requestLine) {
    TestNode.Reply reply = server.raw(requestLine);

    assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
    assertIsJsonError(reply, reply.status(), reply.json().path("error").asText());
  }

  @Test
  void badlyEncodedQueryValueIsABadRequestNamingTheParameter() {
    TestNode.Reply reply = server.raw("GET /api/v1/blocks?q=%zz HTTP/1.1");

    assertIsJsonError(reply, 400, "invalid_parameter");
    assertThat(reply.json().get("field").textValue()).isEqualTo("q");
  }

  static Stream<String> malformedRequestLines() {
    return Stream.of(
        "GET /api/v1/blocks/%zz HTTP/1.1",
        "GET /api/v1/blocks/% HTTP/1.1",
        "DELETE /api/v1/blocks/%zz HTTP/1.1",
        "GET /api/v1/blocks?limit=%zz HTTP/1.1",
        "GET /api/v1/blocks/%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
        "GET /api/v1/../../etc/passwd HTTP/1.1",
        "GET /api/v1/blocks/%00 HTTP/1.1",
        "GET /%C0%AF HTTP/1.1",
        "GET api/v1/blocks HTTP/1.1",
        "BREW /api/v1/blocks HTTP/1.1");
  }

  private static void assertIsJsonError(TestNode.Reply reply, int status, String error) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(reply.body())
        .doesNotContain("Exception")
        .doesNotContain("at ai.kiana")
        .doesNotContainIgnoringCase("javalin")
        .doesNotContainIgnoringCase("jetty")
        .doesNotContain("<html");
    JsonNode json = reply.json();
    assertThat(json.isObject()).isTrue();
    assertThat(json.get("error").textValue()).isEqualTo(error);
    assertThat(json.get("message").textValue()).isNotBlank();
  }
}
