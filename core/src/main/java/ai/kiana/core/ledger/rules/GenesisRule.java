package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of a genesis block: difficulty 1; a checkpoint that names the initial validators, the
 * proposer among them; a first transaction in which the proposer admits itself as creator (the one
 * transaction whose issuer is not admitted yet); and every initial validator admitted by one of the
 * block's transactions.
 */
public final class GenesisRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    LedgerBlock genesis = c.block();
    if (genesis.difficulty() != LedgerBlock.DIFF_OUT_OF_TURN) {
      return c.fail(ViolationKind.INVALID_GENESIS, "genesis has difficulty 1");
    }
    if (!genesis.hasCheckpoint()) {
      return c.fail(ViolationKind.INVALID_GENESIS, "genesis must list the initial validators");
    }
    if (!genesis.checkpoint().contains(genesis.proposer())) {
      return c.fail(
          ViolationKind.INVALID_GENESIS, "the creator who seals genesis must be a validator");
    }
    if (genesis.txs().isEmpty() || !selfAdmission(genesis, genesis.txs().get(0))) {
      return c.fail(
          ViolationKind.INVALID_GENESIS,
          "the first transaction must be the proposer admitting itself as creator");
    }
    Set<DeviceId> admitted = new HashSet<>();
    for (LedgerTx tx : genesis.txs()) {
      if (tx.payload() instanceof DeviceAdmitted a) {
        admitted.add(a.device());
      }
    }
    for (DeviceId validator : genesis.checkpoint()) {
      if (!admitted.contains(validator)) {
        return c.fail(
            ViolationKind.INVALID_GENESIS,
            "validator " + Describe.device(validator) + " is not admitted in genesis");
      }
    }
    return Optional.empty();
  }

  private static boolean selfAdmission(LedgerBlock genesis, LedgerTx first) {
    return first.payload() instanceof DeviceAdmitted a
        && a.role() == Role.CREATOR
        && a.device().equals(genesis.proposer())
        && a.deviceKey().equals(genesis.key())
        && first.issuer().equals(genesis.proposer());
  }
}
