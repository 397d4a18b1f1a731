package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First start in the browser: a node without a creator account, the one-time link {@code kiana
 * start} prints ({@code /setup#token=…}), the password chosen twice against the node's rule, and
 * the user logged in. Also saves screenshots of the login and setup pages (desktop and 360 px,
 * light and dark) under target/screenshots for review.
 */
@Tag("slow")
class SetupBrowserTest {

  static final String PASSWORD = "four words are plenty";

  @TempDir static Path dir;
  static Node node;
  static HttpApi http;
  static Browser browser;

  @BeforeAll
  static void start() {
    // Not TestNode: it makes the creator account, and this node must start without one.
    node =
        Node.open(
            new NodeConfig(
                dir,
                "127.0.0.1",
                0,
                DataDir.defaultJdbcUrl(dir),
                null,
                null,
                NodeConfig.DEFAULT_MAX_BODY_BYTES));
    http = HttpApi.start(node);
    browser = Browser.open(http.port());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (http != null) {
      http.close();
    }
    if (node != null) {
      node.close();
    }
  }

  static String path() {
    return (String) browser.js("return location.pathname + location.hash");
  }

  static void screenshots(String page, String path) {
    for (String theme : new String[] {"light", "dark"}) {
      for (int width : new int[] {1280, 360}) {
        browser.size(width, 800);
        browser.js(
            "const p = JSON.parse(localStorage.getItem('kiana.prefs') || '{}');"
                + " p.theme = arguments[0]; localStorage.setItem('kiana.prefs', JSON.stringify(p))",
            theme);
        browser.driver.get("about:blank"); // a new load even where only the fragment differs
        browser.go(path);
        browser.waitVisible("h1");
        browser.screenshot(page + "-" + (width == 360 ? "360" : "desktop") + "-" + theme);
      }
    }
    browser.size(1280, 900);
  }

  @Test
  void theOneTimeLinkLetsTheFirstPersonChooseTheCreatorPasswordAndLogsThemIn() {
    assertThat(node.security().auth().hasCreator()).isFalse();
    String token = node.security().auth().newSetupToken();
    browser.go("/login");
    screenshots("login", "/login");
    screenshots("setup", "/setup#token=" + token);

    // Without the link's token the page says where to get one.
    browser.go("/setup");
    assertThat(browser.text("#main")).contains("kiana start").contains("#token=");

    browser.go("/setup#token=" + token);
    browser.waitVisible("#setup-password");
    // The token leaves the address bar at once (screenshots, history, shoulder surfers).
    assertThat(path()).isEqualTo("/setup");
    assertThat(browser.text("#setup-rule")).contains("At least 8 characters");

    browser.find("#setup-password").sendKeys("short");
    browser.find("#setup-repeat").sendKeys("short");
    browser.find("#setup-form button[type=submit]").click();
    browser.waitFor(d -> browser.text("#setup-result").contains("too short"));
    assertThat(browser.text("#setup-result")).contains("at least 8 characters, it has 5");
    assertThat(browser.find("#setup-password").getAttribute("aria-invalid")).isEqualTo("true");
    browser.screenshot("setup-too-short");

    browser.find("#setup-password").clear();
    browser.find("#setup-password").sendKeys(PASSWORD);
    browser.find("#setup-repeat").clear();
    browser.find("#setup-repeat").sendKeys(PASSWORD + "!");
    browser.find("#setup-form button[type=submit]").click();
    browser.waitFor(d -> browser.text("#setup-result").contains("not the same"));
    assertThat(node.security().auth().hasCreator()).isFalse();

    browser.find("#setup-repeat").clear();
    browser.find("#setup-repeat").sendKeys(PASSWORD);
    browser.find("#setup-form button[type=submit]").click();
    // Logged in: the app opens the chat, and its API calls are answered.
    browser.waitFor(d -> "/".equals(path()));
    browser.waitVisible("form.composer");
    browser.waitVisible("#logout");
    browser.screenshot("after-setup");
    assertThat(node.security().auth().hasCreator()).isTrue();
    assertThat(browser.text("#main")).doesNotContain("Error");

    // The link worked once only.
    browser.find("#logout").click();
    browser.waitFor(d -> "/login".equals(path()));
    browser.go("/setup#token=" + token);
    browser.waitVisible("#setup-password").sendKeys(PASSWORD);
    browser.find("#setup-repeat").sendKeys(PASSWORD);
    browser.find("#setup-form button[type=submit]").click();
    browser.waitFor(d -> browser.text("#setup-result").contains("not valid"));

    // The chosen password logs in through the login page.
    browser.logIn("creator", PASSWORD);
    browser.waitVisible("#logout");
  }
}
