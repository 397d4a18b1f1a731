package ai.kiana.cli;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Vote;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiana ledger validators}: who seals the ledger now, and the votes that are open. */
@Command(
    name = "validators",
    description = "List the current validators (in turn order) and the open validator votes.",
    footer = {"", "Example:", "  kiana ledger validators"})
final class LedgerValidatorsCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  LedgerValidatorsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Node node = ctx.openExistingNode()) {
      LedgerState state = node.ledger().headState();
      DeviceId inTurn = state.inTurn(state.height() + 1);
      out.println(
          state.validators().size()
              + " validators at height "
              + state.height()
              + " (each may seal one of every "
              + state.signerLimit()
              + " consecutive blocks)");
      for (DeviceId id : state.validators()) {
        DeviceRecord record = state.device(id);
        long last = state.lastSealed(id);
        out.println(
            id.display()
                + "  "
                + (record == null ? "?" : record.name() + " (" + record.role().wireName() + ")")
                + (last < 0 ? "  has not sealed yet" : "  last sealed block " + last)
                + (id.equals(inTurn) ? "  in turn next" : "")
                + (id.equals(node.identity().deviceId()) ? "  [this device]" : ""));
      }
      for (Vote vote : state.votes()) {
        out.println(
            "vote: "
                + vote.signer().shortForm()
                + (vote.add() ? " adds " : " removes ")
                + vote.subject().shortForm()
                + " ("
                + state.tally(vote.subject())
                + " of "
                + state.signerLimit()
                + " needed)");
      }
    }
    return ExitCode.OK;
  }
}
