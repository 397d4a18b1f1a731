package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxType;
import java.util.List;
import java.util.Optional;

/**
 * Blocks with a checkpoint (genesis and epoch blocks) carry no validator votes, as in EIP-225, so a
 * checkpoint always states the validator set before and after its block alike. Proposers keep
 * pending votes for the next block.
 */
public final class VoteOnCheckpointRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.block().hasCheckpoint()) {
      return Optional.empty();
    }
    List<LedgerTx> txs = c.block().txs();
    for (int i = 0; i < txs.size(); i++) {
      if (txs.get(i).type() == TxType.VALIDATOR_VOTE) {
        return c.failTx(
            i,
            ViolationKind.VOTE_ON_CHECKPOINT,
            "a checkpoint block may not carry validator votes");
      }
    }
    return Optional.empty();
  }
}
