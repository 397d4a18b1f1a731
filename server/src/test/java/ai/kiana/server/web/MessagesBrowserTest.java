package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.NetConfig;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/** The messages page: send to another of the user's devices, see both directions listed. */
@Tag("slow")
class MessagesBrowserTest {

  @TempDir Path dir;

  @Test
  void aMessageSentFromThePageArrivesOnThePairedDeviceAndItsReplyIsListedARefusalIsShown()
      throws Exception {
    try (TestNode laptop = TestNode.start(dir.resolve("laptop"));
        TestNode phone = TestNode.start(dir.resolve("phone"));
        Browser browser = Browser.open(laptop.api.port())) {
      sync(laptop, "laptop");
      sync(phone, "phone");
      String code = laptop.postJson("/api/v1/pairing", "{}").json().path("code").asText();
      TestNode.Reply joined = phone.postJson("/api/v1/pairing/join", "{\"code\":\"" + code + "\"}");
      assertThat(joined.status()).as(joined.body()).isEqualTo(200);
      await(() -> laptop.node.messenger().knowsKey(phone.node.identity().deviceId()));
      await(() -> phone.node.messenger().knowsKey(laptop.node.identity().deviceId()));
      String phoneId = phone.node.identity().deviceId().hex();

      browser.logInAsCreator();
      browser.go("/messages");
      assertThat(browser.waitVisible("#msg-empty").getText()).isEqualTo("No messages yet.");
      Select to = new Select(browser.find("#msg-to"));
      assertThat(to.getOptions()).hasSize(1);
      assertThat(to.getFirstSelectedOption().getText()).startsWith("phone");

      // A device that stopped being the user's between loading the page and sending.
      browser.js(
          "const o = document.createElement('option'); o.value = arguments[0];"
              + " o.textContent = 'old tablet'; const s = document.querySelector('#msg-to');"
              + " s.append(o); s.value = arguments[0];",
          "cd".repeat(32));
      browser.find("#msg-text").sendKeys("hello");
      browser.find("#msg-send").click();
      browser.waitFor(d -> !browser.text("#msg-result").isEmpty());
      assertThat(browser.find("#msg-result [role=alert]").getText())
          .contains("is not one of your devices");
      assertThat(browser.find("#msg-to").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(browser.find("#msg-text").getAttribute("value")).isEqualTo("hello");
      assertThat(browser.all("#msg-list .message")).isEmpty();
      browser.find("#msg-text").clear();
      browser.find("#msg-send").click();
      browser.waitFor(d -> browser.text("#msg-result").contains("Write a message first"));

      to.selectByValue(phoneId);
      browser.find("#msg-text").sendKeys("Bring the charger <b>please</b>");
      browser.find("#msg-send").click();

      browser.waitFor(d -> browser.text("#msg-result").startsWith("Sent to phone"));
      browser.waitFor(d -> browser.all("#msg-list .message.out").size() == 1);
      assertThat(browser.text("#msg-list .message.out .meta")).contains("To phone");
      assertThat(browser.text("#msg-list .message.out .message-text"))
          .isEqualTo("Bring the charger <b>please</b>");
      assertThat(browser.all("#msg-list b")).isEmpty();
      assertThat(browser.find("#msg-text").getAttribute("value")).isEmpty();

      await(() -> phone.get("/api/v1/messages?direction=in").json().path("messages").size() == 1);
      assertThat(phone.get("/api/v1/messages").json().path("messages").get(0).path("text").asText())
          .isEqualTo("Bring the charger <b>please</b>");
      // The page re-reads the list while open: the receipt and the reply show without a reload.
      browser.waitFor(
          d ->
              "delivered"
                  .equals(
                      browser.js(
                          "return document.querySelector('#msg-list .message.out [data-delivery]')"
                              + "?.dataset.delivery")));
      assertThat(browser.text("#msg-list .message.out [data-delivery]")).startsWith("delivered");

      // The nodes' clocks stand still; the reply is written a minute later.
      phone.clock.advance(Duration.ofMinutes(1));
      laptop.clock.advance(Duration.ofMinutes(1));
      TestNode.Reply reply =
          phone.postJson(
              "/api/v1/messages",
              "{\"to\":\"" + laptop.node.identity().deviceId().hex() + "\",\"text\":\"On it\"}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(201);
      browser.waitFor(d -> browser.all("#msg-list .message.in").size() == 1);
      assertThat(browser.text("#msg-list .message")).as("newest first").contains("On it");
      assertThat(browser.text("#msg-list .message.in .meta")).contains("From phone");
      browser.screenshot("messages");
      browser.js("document.getElementById('msg-list-h').scrollIntoView()");
      browser.screenshot("messages-list");
      browser.size(390, 844);
      browser.screenshot("messages-phone");
      browser.size(1280, 900);

      new Select(browser.find("#msg-filter")).selectByValue("out");
      browser.waitFor(d -> browser.all("#msg-list .message.in").isEmpty());
      assertThat(browser.all("#msg-list .message.out")).hasSize(1);
    }
  }

  @Test
  void aLoneDeviceShowsTheEmptyStateAndARefusedSendShowsTheReason() {
    try (TestNode node = TestNode.start(dir.resolve("alone"));
        Browser browser = Browser.open(node.api.port())) {
      browser.logInAsCreator();
      browser.go("/messages");
      assertThat(browser.waitVisible("#msg-no-devices").getText()).contains("No other devices");
      assertThat(browser.waitVisible("#msg-empty").getText()).isEqualTo("No messages yet.");
      assertThat(browser.all("#msg-to")).isEmpty();
      assertThat(browser.find("#nav-messages").getAttribute("aria-current")).isEqualTo("page");
      browser.screenshot("messages-empty");
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void sync(TestNode n, String name) {
    n.node.startSync(
        NetConfig.defaults("127.0.0.1", 0, name, n.node.config().dataDir().resolve("peers.json")));
  }
}
