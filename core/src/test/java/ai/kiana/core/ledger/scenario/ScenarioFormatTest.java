package ai.kiana.core.ledger.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.ledger.LedgerHarness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioFormatTest {

  private static String file(String scenario) {
    return "{\"scenarios\": [" + scenario + "]}";
  }

  private static final String OK =
      "{\"name\": \"n\", \"epoch\": null, \"genesis\": [\"A\"],"
          + " \"blocks\": [{\"signer\": \"A\", \"vote\": null, \"checkpoint\": null}],"
          + " \"expect\": {\"validators\": [\"A\"]}}";

  @Test
  void minimalScenarioWithOptionalMembersLeftOutParses() {
    List<Scenario> parsed =
        ScenarioParser.parse(
            file(
                "{\"name\": \"n\", \"genesis\": [\"A\"], \"blocks\": [{\"signer\": \"A\"}],"
                    + " \"expect\": {\"validators\": [\"A\"]}}"));
    assertThat(parsed).hasSize(1);
    assertThat(parsed.get(0).epoch()).isNull();
    assertThat(parsed.get(0).blocks().get(0).vote()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top-level member | {\"scenarios\": [], \"extra\": 1} | $.extra",
        "missing scenarios | {\"source\": \"x\"} | $.scenarios",
        "scenarios not an array | {\"scenarios\": {}} | $.scenarios",
        "source not a string | {\"source\": 1, \"scenarios\": []} | $.source",
      })
  void fileLevelProblemsNameTheirPath(String what, String json, String path) {
    assertThatThrownBy(() -> ScenarioParser.parse(json))
        .isInstanceOf(ScenarioFormatException.class)
        .extracting(e -> ((ScenarioFormatException) e).path())
        .isEqualTo(path);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown scenario member | \"genesis\": [\"A\"] | \"genesis\": [\"A\"], \"votes\": [] |"
            + " $.scenarios[0].votes",
        "unknown block member | \"signer\": \"A\", | \"signer\": \"A\", \"time\": 5, |"
            + " $.scenarios[0].blocks[0].time",
        "bad signer name | \"signer\": \"A\" | \"signer\": \"1x\" |"
            + " $.scenarios[0].blocks[0].signer",
        "vote without add | \"vote\": null | \"vote\": {\"subject\": \"B\"} |"
            + " $.scenarios[0].blocks[0].vote.add",
        "vote add not boolean | \"vote\": null | \"vote\": {\"subject\": \"B\", \"add\": \"yes\"} |"
            + " $.scenarios[0].blocks[0].vote.add",
        "zero epoch | \"epoch\": null | \"epoch\": 0 | $.scenarios[0].epoch",
        "empty genesis | \"genesis\": [\"A\"] | \"genesis\": [] | $.scenarios[0].genesis",
        "repeated genesis name | \"genesis\": [\"A\"] | \"genesis\": [\"A\", \"A\"] |"
            + " $.scenarios[0].genesis[1]",
        "unknown error kind | {\"validators\": [\"A\"]} | {\"error\": \"too-slow\"} |"
            + " $.scenarios[0].expect.error",
        "both expectations | {\"validators\": [\"A\"]} | {\"validators\": [\"A\"], \"error\":"
            + " \"bad-seal\"} | $.scenarios[0].expect",
        "no expectation | {\"validators\": [\"A\"]} | {} | $.scenarios[0].expect",
        "missing name | \"name\": \"n\", | '' | $.scenarios[0].name",
      })
  void scenarioProblemsNameTheirJsonPath(String what, String find, String replace, String path) {
    String json = file(OK.replace(find, replace));
    assertThatThrownBy(() -> ScenarioParser.parse(json))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith(path + ": ")
        .extracting(e -> ((ScenarioFormatException) e).path())
        .isEqualTo(path);
  }

  @Test
  void unknownErrorKindListsTheKnownKinds() {
    String json = file(OK.replace("{\"validators\": [\"A\"]}", "{\"error\": \"too-slow\"}"));
    assertThatThrownBy(() -> ScenarioParser.parse(json))
        .hasMessageContaining("recently-signed")
        .hasMessageContaining("unauthorized-signer");
  }

  @Test
  void malformedJsonIsAFormatErrorWithLineAndColumn() {
    assertThatThrownBy(() -> ScenarioParser.parse("{\"scenarios\": [}"))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("$: invalid JSON at line 1");
  }

  @Test
  void twoScenariosWithOneNameAreAnError() {
    assertThatThrownBy(() -> ScenarioParser.parse("{\"scenarios\": [" + OK + "," + OK + "]}"))
        .hasMessageStartingWith("$.scenarios[1].name: ");
  }

  @Test
  void scenarioWhoseExpectationIsWrongFailsWithBothResultsInItsLine() {
    String json = file(OK.replace("{\"validators\": [\"A\"]}", "{\"validators\": [\"A\", \"B\"]}"));
    ScenarioResult result = new ScenarioRunner(LedgerHarness.ED).runAll(json).get(0);
    assertThat(result.passed()).isFalse();
    assertThat(result.line()).isEqualTo("FAIL  n -> validators A (expected validators A, B)");
  }

  @Test
  void expectedErrorThatDoesNotHappenFails() {
    String json = file(OK.replace("{\"validators\": [\"A\"]}", "{\"error\": \"recently-signed\"}"));
    ScenarioResult result = ScenarioRunner.run(json).get(0);
    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo("validators A");
  }

  @Test
  void rejectedBlockIsReportedWithItsHeightWhenItWasNotExpected() {
    String json = file(OK.replace("\"signer\": \"A\"", "\"signer\": \"Z\""));
    ScenarioResult result = ScenarioRunner.run(json).get(0);
    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo("error unauthorized-signer");
    assertThat(result.line()).contains("block 1 rejected: proposer");
  }
}
