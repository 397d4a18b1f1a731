package ai.kiana.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kiana blocks}: only groups list, show and delete. */
@Command(
    name = "blocks",
    description = "List, show and delete knowledge blocks.",
    footer = {"", "Example:", "  kiana blocks list --tag geo"})
final class BlocksCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: list, show or delete");
  }
}
