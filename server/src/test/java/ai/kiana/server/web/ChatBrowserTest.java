package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat in the browser: a streamed answer with a citation that opens its verified block, and hostile
 * block content that stays inert in answers and citations.
 *
 * <p>Runs against the node's real chat API (POST /api/v1/chat, docs/PROTOCOL.md) with the
 * extractive backend.
 */
@Tag("slow")
class ChatBrowserTest {

  @TempDir static Path dir;
  static TestNode node;
  static Browser browser;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
    browser = Browser.open(node.api.port());
    browser.logInAsCreator();
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

  /** Asks in the chat page and waits for the answer to finish; returns ms to the first token. */
  static double ask(String question) {
    browser.js(
        "window.__firstToken = null;"
            + "const turns = document.getElementById('turns');"
            + "let t0 = performance.now();"
            + "document.querySelector('form.composer').addEventListener('submit',"
            + "  () => { t0 = performance.now(); }, {capture: true, once: true});"
            + "new MutationObserver((m, o) => {"
            + "  const a = turns.lastElementChild;"
            + "  if (a && a.matches('.turn.assistant') && a.querySelector('.answer-text').textContent.length > 0) {"
            + "    window.__firstToken = performance.now() - t0; o.disconnect(); }"
            + "}).observe(turns, {subtree: true, childList: true, characterData: true});");
    browser.find("#chat-input").sendKeys(question);
    browser.find("#chat-send").click();
    browser.waitFor(
        d ->
            browser.all(".turn.assistant").size() > 0 && browser.all(".turn.streaming").isEmpty()
                ? true
                : null);
    Object first = browser.js("return window.__firstToken");
    return first == null ? -1 : ((Number) first).doubleValue();
  }

  @Test
  void aQuestionGetsAStreamedAnswerWhoseCitationOpensTheVerifiedBlock() throws IOException {
    node.postJson(
        "/api/v1/blocks",
        "{\"type\":\"fact\",\"content\":\"The Eiffel Tower is 330 metres tall.\",\"tags\":[\"paris\"]}");
    browser.go("/chat");
    double firstToken = ask("How tall is the Eiffel Tower?");
    assertThat(browser.find(".turn.assistant .answer-text").getText()).isNotBlank();
    assertThat(browser.waitVisible(".turn.assistant .citation").getText()).contains("verified");
    browser.screenshot("chat-answer");
    Files.writeString(
        Path.of("target", "web-metrics.txt"),
        String.format("chat: first streamed token visible after %.0f ms%n", firstToken),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    browser.find(".turn.assistant .citation a.block-link").click();
    assertThat(browser.waitVisible("#signature").getText()).contains("verified, signed by");
    browser.go("/chat");
    assertThat(browser.all(".conversations li")).isNotEmpty();
  }

  @Test
  void hostileBlockContentStaysInertInAnswersAndCitations() {
    node.postJson(
        "/api/v1/blocks",
        "{\"type\":\"fact\",\"title\":\"Hostile <img src=x onerror=alert(1)>\",\"content\":"
            + WebAppBrowserTest.json(WebAppBrowserTest.HOSTILE)
            + "}");
    browser.go("/chat");
    ask("What does the hostile text say?");
    assertThat(browser.find("#turns").getText()).contains("Hostile");
    browser
        .all("#turns .answer-text a")
        .forEach(a -> assertThat(a.getAttribute("href")).startsWith("http"));
    Object findings =
        browser.js(
            "const bad = [];"
                + "for (const el of document.querySelectorAll('#turns *')) {"
                + "  if (['SCRIPT','IMG','IFRAME','OBJECT','EMBED'].includes(el.tagName)) bad.push(el.tagName);"
                + "  for (const a of el.attributes) {"
                + "    if (/^on/i.test(a.name)) bad.push(el.tagName + '@' + a.name);"
                + "    if (/^\\s*javascript:/i.test(a.value)) bad.push(el.tagName + '@' + a.name);"
                + "  }"
                + "}"
                + "if (window.__xss !== undefined) bad.push('ran ' + window.__xss);"
                + "return bad.join(', ');");
    assertThat(findings).isEqualTo("");
    browser.screenshot("chat-hostile");
  }
}
