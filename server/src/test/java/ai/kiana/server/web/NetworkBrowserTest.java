package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.NetConfig;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network view follows the node's peer event stream: a new device appears without reload. */
@Tag("slow")
class NetworkBrowserTest {

  @TempDir Path dir;

  @Test
  void aDevicePairedWhileThePageIsOpenAppearsInTheGraph() {
    try (TestNode laptop = TestNode.start(dir.resolve("laptop"));
        TestNode phone = TestNode.start(dir.resolve("phone"));
        Browser browser = Browser.open(laptop.api.port())) {
      sync(laptop, "laptop");
      sync(phone, "phone");
      browser.logInAsCreator();
      browser.go("/network");
      assertThat(browser.waitVisible(".legend").getText()).doesNotContain("phone");

      String code = laptop.postJson("/api/v1/pairing", "{}").json().path("code").asText();
      TestNode.Reply joined = phone.postJson("/api/v1/pairing/join", "{\"code\":\"" + code + "\"}");
      assertThat(joined.status()).as(joined.body()).isEqualTo(200);

      browser.waitFor(d -> browser.text(".legend").contains("phone"));
      assertThat(browser.all("#network-graph line")).hasSize(1);
      browser.screenshot("network-paired");
    }
  }

  private static void sync(TestNode n, String name) {
    n.node.startSync(
        NetConfig.defaults("127.0.0.1", 0, name, n.node.config().dataDir().resolve("peers.json")));
  }
}
