package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskAndMemoryTest {

  @TempDir Path tmp;
  Kiana kiana;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp);
    kiana.ok("init");
  }

  @Test
  void askAnswersFromTaughtKnowledgeWithItsSource() {
    String id = kiana.ok("teach", "Der Rhein ist 1233 km lang.").outLine();

    Kiana.Result r = kiana.ok("ask", "Wie lang ist der Rhein?");

    assertThat(r.out()).startsWith("Der Rhein ist 1233 km lang. [1]\n");
    assertThat(r.out()).contains("Sources:\n[1] " + id.substring(0, 12)).contains("(verified)");
    assertThat(r.err()).contains("--conversation ");
  }

  @Test
  void askContinuesAConversationAndRefusesAnUnknownOne() {
    Kiana.Result first = kiana.ok("ask", "Wer bin ich?");
    assertThat(first.out()).startsWith("Das weiß ich nicht");
    String conversation = first.err().replaceAll("(?s).*--conversation ([0-9a-f]{32}).*", "$1");

    assertThat(kiana.run("ask", "Und jetzt?", "--conversation", conversation).exitCode()).isZero();
    Kiana.Result unknown = kiana.run("ask", "Hallo", "--conversation", "f".repeat(32));
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(unknown.err()).contains("no conversation");
  }

  @Test
  void emptyQuestionAndBadBackendAreUsageErrors() {
    assertThat(kiana.run("ask", " ").exitCode()).isEqualTo(ExitCode.USAGE);
    Kiana.Result bad = kiana.run("ask", "Hallo?", "--backend", "gpt5");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--chat-backend");
    Kiana.Result badUrl =
        kiana.run("start", "--port", "0", "--chat-backend", "ollama", "--chat-url", "x");
    assertThat(badUrl.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badUrl.err()).contains("--chat-url");
  }

  @Test
  void askWithADownBackendStillAnswers() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    kiana.ok("teach", "Der Rhein ist 1233 km lang.");
    Kiana.Result r =
        kiana.ok(
            "ask",
            "Wie lang ist der Rhein?",
            "--backend",
            "ollama",
            "--url",
            "http://127.0.0.1:" + port);
    assertThat(r.out())
        .contains("Kein Modell verfügbar")
        .contains("Der Rhein ist 1233 km lang. [1]");
  }

  @Test
  void memoriesAreAddedListedEditedAndDeleted() {
    String id = kiana.ok("memory", "add", "I am vegetarian").outLine();
    assertThat(kiana.ok("memory", "list").out()).contains("I am vegetarian");

    String edited = kiana.ok("memory", "edit", id.substring(0, 8), "I am vegan").outLine();
    String list = kiana.ok("memory", "list").out();
    assertThat(list).contains("I am vegan").doesNotContain("vegetarian");
    assertThat(kiana.ok("ask", "Am I vegan?").out()).startsWith("I am vegan [1]");

    kiana.ok("memory", "delete", edited.substring(0, 8));
    assertThat(kiana.ok("memory", "list").out()).isEmpty();
    assertThat(kiana.run("memory", "delete", edited.substring(0, 8)).exitCode())
        .isEqualTo(ExitCode.FAILURE);
  }
}
