package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The app's own modules, run in the browser that runs the app: the markdown renderer (what chat
 * answers, citations and blocks are shown with) and the SSE reader of the chat stream.
 */
@Tag("slow")
class AppModulesBrowserTest {

  @TempDir static Path dir;
  static TestNode node;
  static Browser browser;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
    browser = Browser.open(node.api.port());
    browser.logInAsCreator();
    browser.go("/settings");
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

  /** Renders markdown into a detached element; returns {html, text, bad} as a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> render(String markdown) {
    return (Map<String, Object>)
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('/app/markdown.js').then(({renderMarkdown}) => {"
                + "  const box = document.createElement('div');"
                + "  box.append(renderMarkdown(arguments[0], {onCitation: n => {"
                + "    const a = document.createElement('a'); a.href = '/blocks/b' + n; a.textContent = '[' + n + ']'; return a; }}));"
                + "  const bad = [];"
                + "  for (const el of box.querySelectorAll('*')) {"
                + "    if (['SCRIPT','IMG','IFRAME','OBJECT','EMBED','SVG','STYLE'].includes(el.tagName.toUpperCase())) bad.push(el.tagName);"
                + "    for (const a of el.attributes) {"
                + "      if (/^on/i.test(a.name) || a.name === 'style') bad.push(el.tagName + '@' + a.name);"
                + "      if (a.name === 'href' && !/^(https?:|\\/[^/])/.test(a.value)) bad.push('href ' + a.value);"
                + "    }"
                + "  }"
                + "  done({html: box.innerHTML, text: box.textContent, bad: bad.join(', ')});"
                + "}).catch(e => done({html: '', text: '', bad: 'failed: ' + e}));",
            markdown);
  }

  static List<String> hostile() {
    return List.of(
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click]( javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "**<svg onload=alert(1)>**",
        "`<iframe src=javascript:alert(1)>`",
        "> <style>body{display:none}</style>",
        "- <b onmouseover=alert(1)>item</b>",
        "```\n<script>alert(1)</script>\n```",
        "[**bold** link](vbscript:msgbox)",
        "https://ok.example/<script>");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileMarkdownBecomesInertText(String input) {
    Map<String, Object> r = render(input);
    assertThat(r.get("bad")).as(String.valueOf(r.get("html"))).isEqualTo("");
  }

  @Test
  void markdownFormatsTextListsCodeLinksAndCitations() {
    Map<String, Object> r =
        render(
            "# Title\nSome **bold**, *em* and `code` [1].\n\n- one\n- two\n\n[site](https://example.org) <b>x</b>");
    String html = (String) r.get("html");
    assertThat(html)
        .contains("<h3>Title</h3>")
        .contains("<strong>bold</strong>")
        .contains("<em>em</em>")
        .contains("<code>code</code>")
        .contains("<a href=\"/blocks/b1\">[1]</a>")
        .contains("<ul><li>one</li><li>two</li></ul>")
        .contains("href=\"https://example.org/\"")
        .contains("&lt;b&gt;x&lt;/b&gt;");
    assertThat(r.get("bad")).isEqualTo("");
  }

  @Test
  void theChatStreamReaderYieldsEventsWhateverTheChunkBoundaries() {
    String stream =
        "event: meta\r\ndata: {\"conversation\":\"c1\",\"question_turn\":\"q1\"}\r\n\r\n"
            + "event: token\ndata: {\"text\":\"Hello \"}\n\n"
            + "event: token\ndata: {\"text\":\"w\\u00f6rld [1]\"}\n\n"
            + "event: citations\ndata: {\"citations\":[{\"n\":1,\"id\":\"ab\",\"signature\":\"verified\"}]}\n\n"
            + "event: done\ndata: {\"turn\":\"t1\",\"backend\":\"extractive\",\"declined\":false,\"filter\":null}\n\n";
    for (int chunk : new int[] {1, 3, 7, 64, 10_000}) {
      Object result =
          browser.driver.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "const text = arguments[0], size = arguments[1];"
                  + "import('/app/api.js').then(async ({events}) => {"
                  + "  const bytes = new TextEncoder().encode(text);"
                  + "  const body = new ReadableStream({start(c) {"
                  + "    for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));"
                  + "    c.close(); }});"
                  + "  const out = [];"
                  + "  for await (const e of events(new Response(body))) out.push(e.event + ':' + JSON.stringify(e.data));"
                  + "  done(out.join('\\n'));"
                  + "}).catch(e => done('failed: ' + e));",
              stream,
              chunk);
      assertThat((String) result)
          .as("chunks of " + chunk + " bytes")
          .isEqualTo(
              "meta:{\"conversation\":\"c1\",\"question_turn\":\"q1\"}\n"
                  + "token:{\"text\":\"Hello \"}\n"
                  + "token:{\"text\":\"wörld [1]\"}\n"
                  + "citations:{\"citations\":[{\"n\":1,\"id\":\"ab\",\"signature\":\"verified\"}]}\n"
                  + "done:{\"turn\":\"t1\",\"backend\":\"extractive\",\"declined\":false,\"filter\":null}");
    }
  }
}
