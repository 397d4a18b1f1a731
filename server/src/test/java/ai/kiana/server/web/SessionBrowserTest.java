package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app keeps a session: an expired access token is renewed with the refresh cookie without the
 * user noticing, and logging out ends the session so the next page asks to log in again.
 */
@Tag("slow")
class SessionBrowserTest {

  @TempDir static Path dir;
  static TestNode node;
  static Browser browser;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
    browser = Browser.open(node.api.port());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  static String token() {
    return (String)
        browser.js("return JSON.parse(localStorage.getItem('kiana.prefs') || '{}').token ?? null");
  }

  @Test
  void aWrongPasswordIsRefusedAnExpiredAccessTokenIsRenewedAndLogoutEndsTheSession() {
    node.postJson(
        "/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"Sessions outlive access tokens\"}");
    // A wrong password keeps the login page and says so.
    browser.go("/login");
    browser.waitVisible("#login-user").sendKeys(TestNode.CREATOR);
    browser.find("#login-password").sendKeys("not the password");
    browser.find("#login-form button[type=submit]").click();
    browser.waitFor(d -> browser.text("#login-result").contains("Wrong user name or password"));
    assertThat(browser.js("return location.pathname")).isEqualTo("/login");
    assertThat(token()).isNull();

    browser.logInAsCreator();
    String first = token();
    assertThat(first).isNotBlank();

    // Access tokens live 15 minutes; the refresh cookie days. The node's clock moves on.
    node.clock.advance(Duration.ofMinutes(20));
    assertThat(node.withToken(first).get("/api/v1/blocks").status()).isEqualTo(401);
    browser.go("/blocks");
    browser.waitVisible(".block-item");
    assertThat(browser.js("return location.pathname")).isEqualTo("/blocks");
    assertThat(browser.text("#main")).contains("Sessions outlive access tokens");
    String renewed = token();
    assertThat(renewed).isNotBlank().isNotEqualTo(first);
    assertThat(node.withToken(renewed).get("/api/v1/blocks").status()).isEqualTo(200);

    browser.waitVisible("#logout").click();
    browser.waitFor(d -> "/login".equals(browser.js("return location.pathname")));
    assertThat(token()).isNull();
    assertThat(browser.find("#logout").isDisplayed()).isFalse();
    // The refresh cookie is gone too: a page that needs the API lands on the login page again.
    browser.go("/blocks");
    browser.waitFor(d -> "/login".equals(browser.js("return location.pathname")));
    browser.waitVisible("#login-user");
    assertThat(browser.js("return location.search")).isEqualTo("?next=%2Fblocks");
  }
}
