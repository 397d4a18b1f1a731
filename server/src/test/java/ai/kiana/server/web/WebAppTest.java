package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAppTest {

  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static TestNode.Reply browserGet(String path) {
    return node.send("GET", path, null, null, Map.of("Accept", "text/html,*/*;q=0.8"));
  }

  @Test
  void rootServesTheAppShellWithAStrictContentSecurityPolicy() {
    TestNode.Reply r = browserGet("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(r.body()).contains("<script type=\"module\" src=\"/app/main.js\">");
    String csp = r.header("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline")
        .contains("object-src 'none'");
    assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.header("Cache-Control")).hasValue("no-cache");
  }

  @Test
  void appFilesHaveTheirContentTypes() {
    assertThat(node.get("/app/main.js").header("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(node.get("/app/app.css").header("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(node.get("/app/icons/icon-192.png").header("Content-Type")).hasValue("image/png");
    assertThat(node.get("/manifest.webmanifest").header("Content-Type"))
        .hasValue("application/manifest+json; charset=utf-8");
    assertThat(node.get("/sw.js").status()).isEqualTo(200);
    assertThat(node.get("/app/i18n/de.json").json().get("nav.settings").asText())
        .isEqualTo("Einstellungen");
  }

  @Test
  void anUnchangedFileIsRevalidatedWithA304() {
    String etag = node.get("/app/main.js").header("ETag").orElseThrow();
    TestNode.Reply again =
        node.send("GET", "/app/main.js", null, null, Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void appPathsFallBackToTheShellForBrowsers() {
    for (String path : new String[] {"/chat", "/blocks/abcdef012345", "/settings"}) {
      TestNode.Reply r = browserGet(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).contains("/app/main.js");
      assertThat(r.header("Content-Security-Policy")).as(path).isPresent();
    }
  }

  @Test
  void apiPathsKeepTheirJsonErrorsEvenForBrowsers() {
    TestNode.Reply r = browserGet("/api/v1/nothing-here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("route_not_found");
    TestNode.Reply post = node.postJson("/api/v1/nothing-here", "{}");
    assertThat(post.status()).isEqualTo(404);
    assertThat(post.json().get("error").asText()).isEqualTo("route_not_found");
  }

  @Test
  void missingFilesAndPathTricksAre404NotTheShell() {
    assertThat(browserGet("/app/nope.js").status()).isEqualTo(404);
    assertThat(browserGet("/favicon.ico").status()).isEqualTo(404);
    assertThat(node.raw("GET /app/../../version.properties HTTP/1.1").status()).isIn(400, 404);
    assertThat(
            node.raw("GET /app/%2e%2e/%2e%2e/ai/kiana/server/version.properties HTTP/1.1").status())
        .isIn(400, 404);
    assertThat(browserGet("/app/WebApp.class").status()).isEqualTo(404);
  }

  @Test
  void aForeignPageCannotLoadTheAppEither() {
    TestNode.Reply r = node.send("GET", "/", null, null, Map.of("Origin", "http://evil.example"));
    assertThat(r.status()).isEqualTo(403);
  }
}
