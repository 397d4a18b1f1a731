package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
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

/**
 * Hostile input: SQL metacharacters in every filter parameter and login field, {@code ../} in path
 * parameters, oversized headers and bodies. Each is answered with a 4xx (or a harmless 200) and
 * changes nothing: the blocks, accounts and audit chain are as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionAndTraversalTest {

  static final List<String> SQL =
      List.of(
          "' OR '1'='1",
          "'; DROP TABLE blocks; --",
          "\" OR \"\"=\"",
          "1; DELETE FROM accounts",
          "%' UNION SELECT password_hash FROM accounts --",
          "\\'; --",
          "*/ OR 1=1 /*");

  /** Every filter parameter of every GET route that takes one. */
  static final List<String> FILTERS =
      List.of(
          "/api/v1/blocks?q=",
          "/api/v1/blocks?tag=",
          "/api/v1/blocks?type=",
          "/api/v1/blocks?author=",
          "/api/v1/blocks?from=",
          "/api/v1/blocks?to=",
          "/api/v1/blocks?state=",
          "/api/v1/blocks?limit=",
          "/api/v1/blocks?cursor=",
          "/api/v1/ledger/blocks?from=",
          "/api/v1/ledger/blocks?limit=",
          "/api/v1/audit?after=",
          "/api/v1/audit?limit=");

  @TempDir static Path dir;
  TestNode server;
  String block;

  @BeforeAll
  void start() {
    server = TestNode.start(dir);
    TestNode.Reply r =
        server.postJson("/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"Anna likes tea\"}");
    assertThat(r.status()).isEqualTo(201);
    block = r.json().get("block").get("id").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  Stream<Arguments> filterCases() {
    return FILTERS.stream().flatMap(f -> SQL.stream().map(s -> Arguments.of(f, s)));
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("filterCases")
  void sqlMetacharactersInFiltersAreDataNotSql(String filter, String payload) {
    TestNode.Reply r = server.get(filter + TestNode.encode(payload));

    assertThat(r.status()).as(r.toString()).isIn(200, 400);
    if (r.status() == 200 && filter.startsWith("/api/v1/blocks?q=")) {
      assertThat(r.json().get("blocks")).isEmpty();
    }
    assertNothingChanged();
  }

  @Test
  void sqlMetacharactersInLoginFieldsAreJustWrongCredentials() {
    for (String payload : SQL) {
      String json =
          "{\"username\":" + quote(payload) + ",\"password\":" + quote(payload + "xxxxxxxx") + "}";
      TestNode.Reply r = server.anonymous().postJson("/api/v1/auth/login", json);
      assertThat(r.status()).as(r.toString()).isIn(401, 429);
    }
    assertNothingChanged();
  }

  @Test
  void dotDotInPathParametersIsRefused() {
    for (String path :
        List.of(
            "/api/v1/blocks/..%2F..%2Fkiana.db",
            "/api/v1/accounts/..%2Fcreator/role",
            "/api/v1/ledger/blocks/..%2F..%2Fetc%2Fpasswd",
            "/api/v1/devices/..%2Fidentity%2Fnode.key/revoke")) {
      String method = path.endsWith("/role") ? "PUT" : path.endsWith("revoke") ? "POST" : "GET";
      TestNode.Reply r =
          server.send(
              method,
              path,
              "application/json",
              method.equals("GET") ? null : "{\"role\":\"admin\"}",
              Map.of());
      assertThat(r.status()).as(path + " " + r).isIn(400, 404);
    }
    TestNode.Reply raw = server.raw("GET /api/v1/blocks/../../kiana.db HTTP/1.1");
    assertThat(raw.status()).isIn(400, 404);
    assertThat(raw.body()).doesNotContain("SQLite format");
    assertNothingChanged();
  }

  @Test
  void oversizedHeadersAndBodiesAreRefused() {
    TestNode.Reply header =
        server.send("GET", "/api/v1/blocks", null, null, Map.of("X-Filler", "a".repeat(64 * 1024)));
    assertThat(header.status()).isEqualTo(431);

    // "Expect: 100-continue": the node refuses on the Content-Length alone and closes; without it
    // the client may still be writing the 5 MB when the connection goes (a broken pipe, not a 413).
    TestNode.Reply body =
        server.send(
            server
                .request("/api/v1/blocks")
                .header("Content-Type", "application/json")
                .expectContinue(true)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"fact\",\"content\":\""
                            + "b".repeat(5 * 1024 * 1024)
                            + "\"}")));
    assertThat(body.status()).isEqualTo(413);

    TestNode.Reply login =
        server
            .anonymous()
            .postJson(
                "/api/v1/auth/login",
                "{\"username\":\"creator\",\"password\":\"" + "p".repeat(100_000) + "\"}");
    assertThat(login.status()).isIn(401, 429);
    assertNothingChanged();
  }

  private void assertNothingChanged() {
    TestNode.Reply list = server.get("/api/v1/blocks?state=all");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("blocks")).hasSize(1);
    assertThat(list.json().get("blocks").get(0).get("id").asText()).isEqualTo(block);
    assertThat(server.node.security().auth().accounts())
        .extracting(a -> a.username())
        .contains("creator");
    assertThat(server.node.security().audit().verify().ok()).isTrue();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
