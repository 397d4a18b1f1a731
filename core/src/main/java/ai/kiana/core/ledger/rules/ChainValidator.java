package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Re-validates a whole chain from genesis, as {@code kiana verify --ledger} does: every hash, seal,
 * signer rule and transaction.
 *
 * <p>Hashing and signature checks depend on each block alone, so they run in parallel (on the
 * common fork-join pool, in batches of {@value #BATCH} blocks); the rules, which depend on the
 * state before each block, then run sequentially and cost little. The result is the same as
 * validating block by block: the first violation in chain order, then rule order.
 */
public final class ChainValidator {

  /** Blocks digested per parallel batch: bounds memory on long chains and stops early on errors. */
  static final int BATCH = 4096;

  private final BlockValidator validator;
  private final LedgerParams params;

  public ChainValidator(BlockValidator validator, LedgerParams params) {
    this.validator = validator;
    this.params = params;
  }

  /**
   * Validates {@code chain}, genesis first, at wall-clock time {@code now} (epoch millis; only the
   * future-timestamp rule uses it).
   *
   * @return {@link Verdict.Accepted} with the state after the last block, or {@link
   *     Verdict.Rejected} with the first violation
   */
  public Verdict validate(List<LedgerBlock> chain, long now) {
    if (chain.isEmpty()) {
      return new Verdict.Rejected(
          new RuleViolation(0, -1, ViolationKind.INVALID_GENESIS, "the chain has no blocks"));
    }
    LedgerState state = LedgerState.beforeGenesis(params);
    for (int start = 0; start < chain.size(); start += BATCH) {
      int end = Math.min(chain.size(), start + BATCH);
      BlockDigest[] digests = digest(chain, start, end);
      for (BlockDigest digest : digests) {
        Verdict verdict = validator.validate(state, digest, now);
        if (verdict instanceof Verdict.Accepted accepted) {
          state = accepted.state();
        } else {
          return verdict;
        }
      }
    }
    return new Verdict.Accepted(state);
  }

  private BlockDigest[] digest(List<LedgerBlock> chain, int start, int end) {
    return IntStream.range(start, end)
        .parallel()
        .mapToObj(i -> BlockDigest.of(chain.get(i), validator.ed25519()))
        .toArray(BlockDigest[]::new);
  }
}
