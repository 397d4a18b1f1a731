package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kiana ledger simulate} on the EIP-225 scenario file (CC0) and on broken variants. */
class LedgerSimulateTest {

  static final String SPEC = spec();

  @TempDir Path tmp;

  @Test
  void everyScenarioOfTheSharedSpecFilePasses() throws IOException {
    Path file = write("ledger-scenarios.json", SPEC);

    Kiana.Result r = Kiana.in(tmp.resolve("unused")).run("ledger", "simulate", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(13);
    assertThat(lines.subList(0, 12)).allMatch(l -> l.startsWith("PASS  "));
    assertThat(lines.getFirst())
        .isEqualTo("PASS  lone validator signs one block without voting -> validators A");
    assertThat(lines.getLast()).isEqualTo("12 scenarios passed");
    assertThat(r.err()).isEmpty();
    // Simulating needs no node and creates none.
    assertThat(tmp.resolve("unused")).doesNotExist();
  }

  @Test
  void aScenarioWithAWrongExpectationFailsWithItsActualResultAndExit1() throws IOException {
    String wrong =
        SPEC.replaceFirst(
            "\"expect\": \\{\\s*\"validators\": \\[\\s*\"A\"\\s*\\]",
            "\"expect\": {\"validators\": [\"A\", \"B\"]");
    assertThat(wrong).isNotEqualTo(SPEC);
    Path file = write("wrong.json", wrong);

    Kiana.Result r = Kiana.in(tmp).run("ledger", "simulate", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "FAIL  lone validator signs one block without voting -> validators A"
                + " (expected validators A, B)")
        .contains("PASS  two validators propose three additions");
    assertThat(r.out().lines().filter(l -> l.startsWith("FAIL"))).hasSize(1);
    assertThat(r.err().strip())
        .isEqualTo("kiana: 1 of 12 scenarios did not end as expected")
        .doesNotContain("\n");
  }

  @Test
  void anExpectedErrorThatDoesNotHappenIsAFailToo() throws IOException {
    String json =
        """
        {"scenarios": [{"name": "A may seal twice alone", "genesis": ["A"],
          "blocks": [{"signer": "A"}, {"signer": "A"}],
          "expect": {"error": "recently-signed"}}]}
        """;

    Kiana.Result r = Kiana.in(tmp).run("ledger", "simulate", write("s.json", json).toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outLine())
        .isEqualTo("FAIL  A may seal twice alone -> validators A (expected error recently-signed)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top-level field | {\"scenarios\": [], \"extra\": 1}"
            + " | $.extra: unknown field (allowed: rules, scenarios, source)",
        "unknown block field | {\"scenarios\": [{\"name\": \"x\", \"genesis\": [\"A\"],"
            + " \"blocks\": [{\"signer\": \"A\", \"votes\": null}], \"expect\": {\"validators\":"
            + " [\"A\"]}}]} | $.scenarios[0].blocks[0].votes: unknown field",
        "unknown error kind | {\"scenarios\": [{\"name\": \"x\", \"genesis\": [\"A\"], \"blocks\":"
            + " [], \"expect\": {\"error\": \"sealed-badly\"}}]}"
            + " | $.scenarios[0].expect.error: unknown violation kind 'sealed-badly'",
        "missing scenarios | {} | $.scenarios: missing",
        "not JSON | {\"scenarios\": [ | $:",
      })
  void aMalformedFileIsOneLineNamingThePlaceAndExit4(String name, String json, String message)
      throws IOException {
    Path file = write("bad.json", json);

    Kiana.Result r = Kiana.in(tmp).run("ledger", "simulate", file.toString());

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .startsWith("kiana: " + file + ": ")
        .contains(message)
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void aMissingFileIsNotFound() {
    Kiana.Result r = Kiana.in(tmp).run("ledger", "simulate", "/no/such/scenarios.json");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("kiana: no such file: /no/such/scenarios.json");
  }

  @Test
  void simulateWithoutAFileIsAUsageError() {
    Kiana.Result r = Kiana.in(tmp).run("ledger", "simulate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter");
  }

  private Path write(String name, String content) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String spec() {
    try (InputStream in =
        LedgerSimulateTest.class.getResourceAsStream("/ledger/ledger-scenarios.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
