package ai.kiana.core.ledger.rules;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.ledger.LedgerParams;
import java.util.List;

/**
 * Composes the ledger rules. The order of each list is the order of checks, and so decides which
 * violation is reported when a block breaks several rules: structure first (height, parent), then
 * authenticity (hash, seal), time, the sealing rules, checkpoints, and the transactions last.
 */
public final class RuleFactory {

  private RuleFactory() {}

  /** Rules for the genesis block, checked against {@code LedgerState.beforeGenesis}. */
  public static List<BlockRule> genesisRules() {
    return List.of(
        new HeightRule(),
        new ParentHashRule(),
        new BlockHashRule(),
        new SealRule(),
        new TimestampNotInFutureRule(),
        new GenesisRule(),
        new VoteOnCheckpointRule(),
        new TxRootRule(),
        new TxSignatureRule());
  }

  /** Rules for every block after genesis, checked against its parent's state. */
  public static List<BlockRule> blockRules() {
    return List.of(
        new HeightRule(),
        new ParentHashRule(),
        new BlockHashRule(),
        new SealRule(),
        new TimestampNotInFutureRule(),
        new TimestampAfterParentRule(),
        new AuthorizedSignerRule(),
        new RecentSignerRule(),
        new DifficultyRule(),
        new CheckpointRule(),
        new VoteOnCheckpointRule(),
        new TxRootRule(),
        new TxSignatureRule());
  }

  /** Rules for each transaction, checked against the state it meets inside its block. */
  public static List<TxRule> txRules() {
    return List.of(
        new TxIssuerRule(),
        new TxKeyRule(),
        new TxSequenceRule(),
        new TxPermissionRule(),
        new DeviceTxRule(),
        new ValidatorVoteTxRule(),
        new ModelVersionTxRule(),
        new KeyRotationTxRule());
  }

  /** The standard validator for single blocks (what the engine calls on each new block). */
  public static BlockValidator blockValidator(Ed25519 ed25519) {
    return new BlockValidator(ed25519, genesisRules(), blockRules(), txRules());
  }

  /** The standard whole-chain validator (what {@code kiana verify --ledger} calls). */
  public static ChainValidator chainValidator(Ed25519 ed25519, LedgerParams params) {
    return new ChainValidator(blockValidator(ed25519), params);
  }
}
