package ai.kiana.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kiana ledger}: only groups simulate, show and validators. */
@Command(
    name = "ledger",
    description = "The device ledger: simulate governance scenarios, show blocks and validators.",
    footer = {"", "Example:", "  kiana ledger simulate scenarios.json"})
final class LedgerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing command: simulate, show or validators");
  }
}
