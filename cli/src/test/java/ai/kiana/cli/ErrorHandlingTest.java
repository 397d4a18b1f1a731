package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorHandlingTest {

  static final String MISSING_ID =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  Kiana kiana;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp);
    kiana.ok("init");
  }

  @ParameterizedTest(name = "kiana {0} -> exit {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bogus                              | 2 | Unmatched argument",
        "teach                              | 2 | Missing required parameter",
        "teach x --bogus                    | 2 | Unknown option: '--bogus'",
        "blocks list --limit many           | 2 | '--limit'",
        "blocks list --limit 0              | 2 | --limit must be at least 1",
        "blocks list --type gossip          | 2 | unknown block type 'gossip'",
        "blocks list --from yesterday       | 2 | is not a date or time",
        "blocks list --author ABC           | 2 | device ID",
        "blocks                             | 2 | missing command",
        "blocks show " + MISSING_ID + "     | 3 | no block " + MISSING_ID,
        "blocks show 0123456789ab           | 3 | no block starts with 0123456789ab",
        "blocks show xyz-not-an-id          | 2 | is not a block ID",
        "blocks show abc                    | 2 | is not a block ID",
        "blocks delete " + MISSING_ID + "   | 3 | no block",
        "import /no/such/file.jsonl         | 3 | no such file: /no/such/file.jsonl",
        "restore /no/such/backup.zip        | 3 | no such file: /no/such/backup.zip",
        "teach x --lang 123                 | 2 | lang: '123' is not a language tag",
        "teach x --scope world              | 2 | unknown scope 'world'",
        "start --port 70000                 | 2 | --port: 70000 is not a TCP port",
        "start --db-url jdbc:mysql://x/y    | 2 | --db-url",
        "export --output /no/such/dir/x     | 3 | no such directory: /no/such/dir",
      })
  void badInputGivesOneLineAndTheRightExitCode(String args, int exitCode, String message) {
    Kiana.Result r = kiana.run(args.strip().split("\\s+"));

    assertOneCleanLine(r, exitCode, message);
  }

  @Test
  void commandsOtherThanInitAndStartRefuseAnUninitialisedDataDirectory() {
    Path empty = tmp.resolve("typo");
    for (String[] args :
        new String[][] {{"teach", "x"}, {"blocks", "list"}, {"id"}, {"verify"}, {"export"}}) {
      Kiana.Result r = Kiana.in(empty).run(args);
      assertOneCleanLine(r, 4, "no KI_ana node in " + empty);
      assertThat(r.err()).contains("kiana init");
    }
    assertThat(empty.resolve("identity/node.key")).doesNotExist();
  }

  @Test
  void unreadableKeyIsASetupProblemWithAHint() throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("identity/node.key"), "garbage");

    Kiana.Result r = kiana.run("blocks", "list");

    assertOneCleanLine(r, 4, "is damaged");
  }

  @Test
  void badSettingsFileIsASetupProblemNamingTheKey() throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("kiana.properties"), "port=eighty\n");

    assertOneCleanLine(kiana.run("blocks", "list"), 4, "config port: 'eighty' is not a number");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Kiana.Result quiet = kiana.run("blocks", "show", MISSING_ID);
    Kiana.Result verbose = kiana.run("blocks", "show", MISSING_ID, "--verbose");
    Kiana.Result debugEnv =
        Kiana.withEnv(Map.of("KIANA_DEBUG", "1", "KIANA_HOME", tmp.toString()))
            .run("blocks", "show", MISSING_ID);

    assertThat(quiet.err()).doesNotContain("at ai.");
    assertThat(verbose.err()).contains("at ai.kiana.");
    assertThat(debugEnv.err()).contains("at ai.kiana.");
    assertThat(verbose.exitCode()).isEqualTo(3);
  }

  @Test
  void noCommandShowsUsageAndExitsTwo() {
    Kiana.Result r = Kiana.withEnv(Map.of()).run();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: kiana").contains("teach");
  }

  static void assertOneCleanLine(Kiana.Result r, int exitCode, String message) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(exitCode);
    assertThat(r.err().lines())
        .as("stderr")
        .singleElement()
        .asString()
        .startsWith("kiana: ")
        .contains(message);
    assertThat(r.err())
        .doesNotContain("Exception")
        .doesNotContain("at ai.")
        .doesNotContain("\tat ");
  }
}
