package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.NetConfig;
import ai.kiana.server.http.TestNode;
import ai.kiana.server.sync.SyncSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings page sets what this device syncs (selective sync) on the running node. */
@Tag("slow")
class FollowSettingsBrowserTest {

  @TempDir static Path dir;
  static TestNode node;
  static Browser browser;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
    node.node.startSync(NetConfig.defaults("127.0.0.1", 0, "phone", dir.resolve("peers.json")));
    browser = Browser.open(node.api.port());
    browser.logInAsCreator();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      node.close();
    }
  }

  @Test
  void aFilterSavedOnTheSettingsPageIsFollowedAtOnceAndKeptForTheNextStart() {
    browser.go("/settings");
    browser.waitVisible("#follow-tags");
    assertThat(browser.find("#follow-private").isSelected()).isTrue();
    assertThat(browser.find("#follow-since").getAttribute("value")).isEqualTo("all");

    browser.find("#follow-public").click();
    browser.find("#follow-tags").sendKeys("garden, kitchen");
    browser.find("#follow-since").clear();
    browser.find("#follow-since").sendKeys("30d");
    browser.find("#follow button[type=submit]").click();
    browser.waitVisible("#follow .notice");
    browser.screenshot("settings-follow");

    var following = node.node.network().following();
    assertThat(following.tags()).containsExactlyInAnyOrder("garden", "kitchen");
    assertThat(following.sinceText()).isEqualTo("30d");
    assertThat(following.scopes()).hasSize(2);
    assertThat(SyncSettings.load(dir, Map.of()).follow()).isEqualTo(following);

    browser.find("#follow-since").clear();
    browser.find("#follow-since").sendKeys("yesterday");
    browser.find("#follow button[type=submit]").click();
    browser.waitFor(d -> browser.text("#follow [role=status]").contains("since") ? true : null);
    assertThat(node.node.network().following().sinceText()).isEqualTo("30d");
  }
}
