package ai.kiana.cli;

import ai.kiana.core.block.VerifyReport;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.ledger.LedgerAudit;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiana verify}: re-checks the id and signature of every stored knowledge block, and with
 * {@code --ledger} (or {@code --all}) re-validates the device ledger from genesis.
 */
@Command(
    name = "verify",
    description = {
      "Re-check the ID and signature of every stored block; exit 1 if any fails.",
      "With --ledger, re-validate the device ledger from genesis instead; with --audit, the"
          + " audit log's hash chain; --all does blocks and ledger."
    },
    footer = {
      "",
      "Examples:",
      "  kiana verify",
      "  kiana verify --ledger",
      "  kiana verify --audit",
      "  kiana verify --all"
    })
final class VerifyCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(
      names = "--ledger",
      description =
          "Re-validate the whole ledger chain from genesis (hashes, seals, signer rules,"
              + " transactions) instead of the knowledge blocks.")
  boolean ledger;

  @Option(
      names = "--audit",
      description =
          "Re-check the audit log's hash chain (any edited, removed or inserted entry); with"
              + " --all as well, everything.")
  boolean audit;

  @Option(
      names = "--all",
      description = "Check the knowledge blocks and the ledger (add --audit for the audit log).")
  boolean all;

  VerifyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String failure = null;
    // The ledger first: it is read straight from the database, which works even when damage in
    // it would keep the node (and so the knowledge check) from opening.
    if (ledger || all) {
      failure = verifyLedger(out);
    }
    if (audit) {
      String auditFailure = verifyAudit(out);
      failure =
          failure == null
              ? auditFailure
              : auditFailure == null ? failure : failure + "; " + auditFailure;
    }
    if ((!ledger && !audit) || all) {
      String blocks = verifyBlocks(out);
      failure = failure == null ? blocks : blocks == null ? failure : failure + "; " + blocks;
    }
    out.flush();
    if (failure != null) {
      throw CliException.failure(failure);
    }
    return ExitCode.OK;
  }

  /** Returns what failed, or null. */
  private String verifyBlocks(PrintWriter out) {
    VerifyReport report;
    try (Node node = ctx.openExistingNode()) {
      report = node.knowledge().verifyAll();
    }
    if (report.ok()) {
      out.println(report.checked() + " blocks verified");
      return null;
    }
    for (VerifyReport.Failure f : report.failures()) {
      out.println("INVALID " + f.id().hex() + ": " + f.reason());
    }
    return report.failures().size() + " of " + report.checked() + " blocks failed verification";
  }

  /** Returns what failed, or null. */
  private String verifyAudit(PrintWriter out) {
    AuditLog.Report report;
    try (LocalSecurity local = LocalSecurity.open(ctx)) {
      report = local.audit.verify();
    }
    if (report.ok()) {
      out.println(report.entries() + " audit log entries verified");
      return null;
    }
    out.println("INVALID audit log: " + report.problem());
    return "the audit log fails verification: " + report.problem();
  }

  /** Returns what failed, or null. */
  private String verifyLedger(PrintWriter out) {
    NodeConfig config = ctx.config();
    ctx.requireKey(config.dataDir());
    LedgerAudit.Result result =
        LedgerAudit.verifyStored(config, Ed25519Engines.fastest(), System.currentTimeMillis());
    return switch (result) {
      case LedgerAudit.Result.Verified v -> {
        out.println(
            v.blocks()
                + " ledger blocks verified (head "
                + v.head().shortHash()
                + " at height "
                + v.head().height()
                + ")");
        yield null;
      }
      case LedgerAudit.Result.Failed f -> {
        if (f.violation() != null) {
          // e.g. "INVALID ledger block 7, tx 0: replayed-tx: seq 3 of … is not above its last seq
          // 3"
          out.println("INVALID ledger " + f.violation());
          yield "the ledger fails verification at height "
              + f.height()
              + " ("
              + f.violation().kind().wireName()
              + ")";
        }
        out.println("INVALID ledger: " + f.problem());
        yield "the ledger fails verification: " + f.problem();
      }
    };
  }
}
