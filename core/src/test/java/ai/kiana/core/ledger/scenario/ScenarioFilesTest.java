package ai.kiana.core.ledger.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the shared EIP-225 file ({@code ledger-scenarios.json}, copied as test data)
 * and of our own {@code extra-scenarios.json} runs through the real rules and passes.
 */
class ScenarioFilesTest {

  private static final ScenarioRunner RUNNER = new ScenarioRunner(LedgerHarness.ED);

  static String resource(String name) {
    try (InputStream in = ScenarioFilesTest.class.getResourceAsStream("/ledger/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Arguments> scenarios(String file) {
    return ScenarioParser.parse(resource(file)).stream().map(s -> Arguments.of(s.name(), s));
  }

  static Stream<Arguments> eip225() {
    return scenarios("ledger-scenarios.json");
  }

  static Stream<Arguments> extra() {
    return scenarios("extra-scenarios.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eip225")
  void sharedEip225ScenarioPasses(String name, Scenario scenario) {
    ScenarioResult result = RUNNER.run(scenario);
    assertThat(result.passed()).as(result.line()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extra")
  void extraScenarioPasses(String name, Scenario scenario) {
    ScenarioResult result = RUNNER.run(scenario);
    assertThat(result.passed()).as(result.line()).isTrue();
  }

  @Test
  void sharedFileHasTwelveScenariosAndAllPassThroughTheStaticEntryPoint() {
    List<ScenarioResult> results = ScenarioRunner.run(resource("ledger-scenarios.json"));
    assertThat(results).hasSize(12).allMatch(ScenarioResult::passed);
    assertThat(results.get(0).line())
        .isEqualTo("PASS  lone validator signs one block without voting -> validators A");
  }
}
