package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service worker keeps the shell and the last answers: the app opens with the node gone. */
@Tag("slow")
class OfflineBrowserTest {

  @TempDir Path dir;

  @Test
  void theAppIsInstallableAndReopensOfflineWithTheShellAndTheBlocksItSawLast() {
    try (TestNode node = TestNode.start(dir);
        Browser browser = Browser.open(node.api.port())) {
      TestNode.Reply taught =
          node.postJson(
              "/api/v1/blocks", "{\"type\":\"fact\",\"content\":\"Offline facts stay readable\"}");
      String id = taught.json().get("block").get("id").asText();
      browser.logInAsCreator();
      browser.go("/blocks/" + id);
      browser.waitFor(
          d ->
              Boolean.TRUE.equals(
                  browser.js("return navigator.serviceWorker.controller !== null")));
      // Chromium's own verdict on the manifest, icons and worker: installable as an app.
      Map<String, Object> installability =
          browser.driver.executeCdpCommand("Page.getInstallabilityErrors", Map.of());
      assertThat(installability.get("installabilityErrors")).asList().isEmpty();
      // Now that the worker controls the page, these answers pass through it and are kept.
      browser.go("/blocks");
      browser.waitVisible(".block-item");
      browser.go("/blocks/" + id);
      browser.waitVisible("#block-content");

      browser.offline(true);
      node.api.close(); // and the node is really gone, whatever the emulation covers

      browser.reload();
      assertThat(browser.find("#nav").getText()).contains("Blocks").contains("Settings");
      assertThat(browser.waitVisible("#block-content").getText())
          .contains("Offline facts stay readable");
      assertThat(browser.waitVisible("#net-state").getText()).contains("Offline");
      browser.screenshot("offline-block");

      browser.find("#nav-blocks").click();
      browser.waitVisible(".block-item");
      assertThat(browser.find("#block-list").getText()).contains("Offline facts stay readable");
      browser.screenshot("offline-blocks");
    }
  }
}
