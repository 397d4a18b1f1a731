package ai.kiana.cli;

import ai.kiana.core.ledger.scenario.ScenarioFormatException;
import ai.kiana.core.ledger.scenario.ScenarioResult;
import ai.kiana.core.ledger.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana ledger simulate}: runs governance what-ifs through the real ledger rules, with
 * generated keys and no node: needs no data directory and touches none.
 */
@Command(
    name = "simulate",
    description = {
      "Run ledger scenarios (the format of ledger-scenarios.json) through the real rules;",
      "print one line per scenario and exit 1 if any does not end as expected."
    },
    footer = {
      "",
      "A scenario names its signers by letters, lists the blocks each one seals (with an optional",
      "vote and checkpoint) and expects either the validators at the end or the kind of error.",
      "",
      "Example:",
      "  kiana ledger simulate ledger-scenarios.json"
    })
final class LedgerSimulateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "<scenarios.json>", description = "The scenario file.")
  Path file;

  @Override
  public Integer call() throws IOException {
    List<ScenarioResult> results;
    try {
      results = ScenarioRunner.run(Files.readString(file));
    } catch (CharacterCodingException e) {
      throw CliException.data(file + " is not UTF-8 text", "give a scenario file in JSON");
    } catch (ScenarioFormatException e) {
      // A malformed file is bad data, not a bad command line: exit 4, naming the JSON path.
      throw CliException.data(file + ": " + e.getMessage(), null);
    }
    PrintWriter out = spec.commandLine().getOut();
    long failed = 0;
    for (ScenarioResult result : results) {
      out.println(result.line());
      if (!result.passed()) {
        failed++;
      }
    }
    out.flush();
    if (failed > 0) {
      throw CliException.failure(
          failed + " of " + results.size() + " scenarios did not end as expected");
    }
    out.println(results.size() + " scenarios passed");
    return ExitCode.OK;
  }
}
