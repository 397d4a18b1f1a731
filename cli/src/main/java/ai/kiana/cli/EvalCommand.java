package ai.kiana.cli;

import picocli.CommandLine.Command;

/** {@code kiana eval}: measurements of the node's own quality. */
@Command(
    name = "eval",
    description = "Measure KI_ana's quality on a test set (see: kiana eval retrieval --help).")
final class EvalCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
