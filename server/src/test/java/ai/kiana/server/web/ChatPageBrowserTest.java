package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat page against the agreed chat API contract, replayed inside the page by a test script
 * (src/test/resources/web/chat-contract-replay.js), because this branch's node has no chat API yet;
 * the cited blocks are real blocks of the real node. {@link ChatBrowserTest} is the end-to-end test
 * against the real chat API and takes over once it is merged.
 */
@Tag("slow")
class ChatPageBrowserTest {

  @TempDir static Path dir;
  static TestNode node;
  static Browser browser;
  static String blockId;

  @BeforeAll
  static void start() throws IOException {
    node = TestNode.start(dir);
    browser = Browser.open(node.api.port());
    browser.logInAsCreator();
    blockId =
        node.postJson(
                "/api/v1/blocks",
                "{\"type\":\"fact\",\"title\":\"Eiffel\",\"content\":\"The Eiffel Tower is 330 m tall.\"}")
            .json()
            .get("block")
            .get("id")
            .asText();
    try (InputStream in =
        ChatPageBrowserTest.class.getResourceAsStream("/web/chat-contract-replay.js")) {
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      browser.driver.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }
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

  static void replay(String tokensJson, int delayMs) {
    String citations =
        "[{\"n\":1,\"id\":\""
            + blockId
            + "\",\"title\":\"Eiffel <img src=x onerror=window.__xss=7>\",\"snippet\":\"<script>window.__xss=8</script>330 m\","
            + "\"source\":null,\"author\":\"ab12cd34ef\",\"signature\":\"verified\"},"
            + "{\"n\":2,\"id\":\""
            + blockId
            + "\",\"title\":\"Old\",\"snippet\":\"s\",\"source\":null,\"author\":\"ab\",\"signature\":\"superseded\"}]";
    browser.js(
        "localStorage.setItem('chatReplay', JSON.stringify({tokens: JSON.parse(arguments[0]),"
            + " citations: JSON.parse(arguments[1]), delayMs: arguments[2]}))",
        tokensJson,
        citations,
        delayMs);
  }

  @Test
  void anAnswerStreamsInWithSourcesThatOpenTheVerifiedBlock() {
    browser.go("/settings");
    replay(
        "[\"The tower is \", \"**330 m** tall [1]. \", \"<script>window.__xss=1</script>\","
            + " \"[x](javascript:window.__xss=2) <img src=x onerror=window.__xss=3>\"]",
        40);
    browser.go("/chat");
    browser.find("#chat-input").sendKeys("How tall is the Eiffel Tower?");
    browser.find("#chat-send").click();
    browser.waitVisible("#chat-stop");
    browser.waitFor(d -> browser.all(".turn.streaming").isEmpty() ? true : null);
    String answer = browser.find(".turn.assistant .answer-text").getText();
    assertThat(answer).contains("The tower is 330 m tall [1].").contains("<script>");
    assertThat(browser.find(".turn.assistant strong").getText()).isEqualTo("330 m");
    assertThat(browser.all(".turn.assistant .citation")).hasSize(2);
    assertThat(browser.find(".turn.assistant .citations").getText())
        .contains("verified, signed by ab12cd34ef")
        .contains("superseded")
        .contains("<img src=x");
    WebAppBrowserTest.browser = browser;
    WebAppBrowserTest.assertInert("#turns .answer-text");
    WebAppBrowserTest.assertInert("#turns .citations");
    browser.screenshot("chat-replayed-1280");
    browser.all(".turn.assistant .rate").get(0).click();
    browser.waitFor(
        d ->
            "true".equals(browser.all(".turn.assistant .rate").get(0).getAttribute("aria-pressed"))
                ? true
                : null);
    for (String theme : new String[] {"light", "dark"}) {
      browser.js("document.documentElement.dataset.theme = arguments[0]", theme);
      browser.size(360, 740);
      browser.screenshot("chat-replayed-360-" + theme);
      assertThat(
              ((Number)
                      browser.js(
                          "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                  .intValue())
          .isLessThanOrEqualTo(0);
      browser.size(1280, 900);
      browser.screenshot("chat-replayed-1280-" + theme);
    }
    browser.js("delete document.documentElement.dataset.theme");
    // the conversation is in the list; the cited block opens with its signature check
    assertThat(browser.find(".conversations").getText()).contains("How tall is the Eiffel");
    browser.find(".turn.assistant .answer-text a.block-link").click();
    assertThat(browser.waitVisible("#signature").getText()).contains("verified, signed by");
  }

  @Test
  void stopEndsAStreamingAnswer() {
    browser.go("/settings");
    StringBuilder tokens = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      tokens.append(i == 0 ? "" : ",").append("\"word").append(i).append(" \"");
    }
    replay(tokens.append("]").toString(), 50);
    browser.go("/chat");
    browser.find("#chat-input").sendKeys("Tell me a long story");
    browser.find("#chat-send").click();
    browser.waitFor(
        d ->
            browser.find(".turn.assistant .answer-text").getText().contains("word3") ? true : null);
    browser.find("#chat-stop").click();
    browser.waitFor(d -> browser.all(".turn.streaming").isEmpty() ? true : null);
    assertThat(browser.find(".turn.assistant").getText())
        .contains("Stopped.")
        .doesNotContain("word199");
    assertThat(browser.find("#chat-stop").isDisplayed()).isFalse();
    assertThat(browser.find("#chat-send").isEnabled()).isTrue();
  }
}
