package ai.kiana.core.ledger.rules;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import java.util.List;
import java.util.Optional;

/**
 * Validates one block against its parent's state and, if it is valid, returns the state after it.
 * Runs the block rules in order, then each transaction's rules against the state that transaction
 * meets (so a transaction may rely on an earlier one in the same block), and stops at the first
 * violation.
 *
 * <p>Pure: no I/O, no clock ({@code now} is passed in), no threads. Thread-safe.
 */
public final class BlockValidator {

  private final Ed25519 ed25519;
  private final List<BlockRule> genesisRules;
  private final List<BlockRule> blockRules;
  private final List<TxRule> txRules;

  public BlockValidator(
      Ed25519 ed25519,
      List<BlockRule> genesisRules,
      List<BlockRule> blockRules,
      List<TxRule> txRules) {
    this.ed25519 = ed25519;
    this.genesisRules = List.copyOf(genesisRules);
    this.blockRules = List.copyOf(blockRules);
    this.txRules = List.copyOf(txRules);
  }

  public Ed25519 ed25519() {
    return ed25519;
  }

  /**
   * Validates {@code block} as the child of {@code parent} (use {@link LedgerState#beforeGenesis}
   * as the parent of genesis) at wall-clock time {@code now} (epoch millis).
   */
  public Verdict validate(LedgerState parent, LedgerBlock block, long now) {
    return validate(parent, BlockDigest.of(block, ed25519), now);
  }

  /** As {@link #validate(LedgerState, LedgerBlock, long)}, with hashes and signatures done. */
  public Verdict validate(LedgerState parent, BlockDigest digest, long now) {
    BlockContext context = new BlockContext(parent, digest, now);
    for (BlockRule rule : parent.height() < 0 ? genesisRules : blockRules) {
      Optional<RuleViolation> violation = rule.check(context);
      if (violation.isPresent()) {
        return new Verdict.Rejected(violation.get());
      }
    }
    LedgerBlock block = digest.block();
    LedgerState state = parent.beginBlock(block);
    List<LedgerTx> txs = block.txs();
    for (int i = 0; i < txs.size(); i++) {
      TxContext txContext = new TxContext(state, block, i, txs.get(i));
      for (TxRule rule : txRules) {
        Optional<RuleViolation> violation = rule.check(txContext);
        if (violation.isPresent()) {
          return new Verdict.Rejected(violation.get());
        }
      }
      state = state.applyTx(txs.get(i));
    }
    return new Verdict.Accepted(state);
  }
}
