package ai.kiana.cli;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kiana ledger show}: the newest blocks of the chosen chain, each with its transactions. */
@Command(
    name = "show",
    description = "Show the newest ledger blocks, newest first, with their transactions.",
    footer = {"", "Example:", "  kiana ledger show --limit 5"})
final class LedgerShowCommand implements Callable<Integer> {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-7s  %-12s  %-19s  %-7s  %-4s  %s";

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      description = "At most this many blocks (default: ${DEFAULT-VALUE}).")
  int limit = 10;

  LedgerShowCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Node node = ctx.openExistingNode()) {
      LedgerService ledger = node.ledger();
      long top = ledger.head().height();
      long lowest = Math.max(0, top - limit + 1);
      List<LedgerBlock> blocks = ledger.chain(lowest, (int) (top - lowest + 1));
      out.println(String.format(ROW, "HEIGHT", "HASH", "TIME (UTC)", "SEALER", "DIFF", "TXS"));
      for (LedgerBlock b : blocks.reversed()) {
        out.println(
            String.format(
                ROW,
                b.height(),
                b.shortHash(),
                SECONDS.format(Instant.ofEpochMilli(b.timestamp())),
                b.proposer().shortForm(),
                b.difficulty() == LedgerBlock.DIFF_IN_TURN ? "2" : "1",
                b.txs().size()));
        for (LedgerTx tx : b.txs()) {
          out.println(
              "         tx "
                  + tx.id().substring(0, 12)
                  + "  "
                  + tx.type().wireName()
                  + " by "
                  + tx.issuer().shortForm()
                  + " (seq "
                  + tx.seq()
                  + ")");
        }
      }
      out.println(
          (top + 1) + " blocks on the chain; " + ledger.pending().size() + " transactions pending");
    }
    return ExitCode.OK;
  }
}
