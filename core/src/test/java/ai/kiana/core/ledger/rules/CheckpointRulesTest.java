package ai.kiana.core.ledger.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointRulesTest {

  private final LedgerHarness ledger =
      new LedgerHarness(3, LedgerParams.DEFAULTS.withEpochLength(4));

  private void sealUpToBeforeEpoch() {
    while (ledger.state.height() < 3) {
      ledger.sealByAnyone();
    }
  }

  private LedgerBlock withCheckpoint(List<DeviceId> checkpoint, LedgerTx... txs) {
    LedgerState s = ledger.state;
    NodeIdentity p = ledger.allowedProposer();
    return BlockSealer.seal(
        p,
        s.height() + 1,
        s.hash(),
        s.timestamp() + 10,
        s.difficultyFor(p.deviceId()),
        List.of(txs),
        checkpoint);
  }

  @Test
  void epochBlockListingTheCurrentValidatorsIsAccepted() {
    sealUpToBeforeEpoch();
    LedgerBlock epoch = ledger.sealByAnyone();
    assertThat(epoch.height()).isEqualTo(4);
    assertThat(epoch.checkpoint()).isEqualTo(ledger.state.validators());
  }

  @Test
  void epochBlockWithoutCheckpointIsInvalid() {
    sealUpToBeforeEpoch();
    assertThat(ledger.kind(withCheckpoint(null))).isEqualTo(ViolationKind.INVALID_CHECKPOINT);
  }

  @Test
  void epochBlockListingOtherValidatorsIsInvalid() {
    sealUpToBeforeEpoch();
    List<DeviceId> fewer = new ArrayList<>(ledger.state.validators());
    fewer.remove(0);
    assertThat(ledger.kind(withCheckpoint(fewer))).isEqualTo(ViolationKind.INVALID_CHECKPOINT);
  }

  @Test
  void blockBetweenEpochsWithACheckpointIsInvalid() {
    RuleViolation violation = ledger.violation(withCheckpoint(ledger.state.validators()));
    assertThat(violation.kind()).isEqualTo(ViolationKind.INVALID_CHECKPOINT);
    assertThat(violation.message()).contains("not an epoch block");
  }

  @Test
  void ledgerWithoutEpochsAcceptsNoCheckpointsAfterGenesis() {
    LedgerHarness noEpochs = new LedgerHarness(1, LedgerParams.DEFAULTS.withEpochLength(0));
    for (int i = 0; i < 10; i++) {
      assertThat(noEpochs.sealByAnyone().checkpoint()).isNull();
    }
  }

  @Test
  void epochBlockMayNotCarryAVote() {
    NodeIdentity laptop = LedgerHarness.identity("laptop");
    ledger.admit(laptop, Role.USER);
    sealUpToBeforeEpoch();
    LedgerTx vote = ledger.tx(ledger.creator, new TxPayload.ValidatorVote(laptop.deviceId(), true));
    RuleViolation violation = ledger.violation(withCheckpoint(ledger.state.validators(), vote));
    assertThat(violation.kind()).isEqualTo(ViolationKind.VOTE_ON_CHECKPOINT);
    assertThat(violation.txIndex()).isZero();
  }

  @Test
  void epochBlockClearsEveryPendingVote() {
    NodeIdentity laptop = LedgerHarness.identity("laptop");
    NodeIdentity phone = LedgerHarness.identity("phone");
    ledger.admit(laptop, Role.USER);
    ledger.admit(phone, Role.USER);
    ledger.sealByAnyone(
        ledger.tx(ledger.creator, new TxPayload.ValidatorVote(laptop.deviceId(), true)),
        ledger.tx(
            ledger.initialValidators.get(1), new TxPayload.ValidatorVote(phone.deviceId(), true)));
    assertThat(ledger.state.votes()).hasSize(2);
    ledger.sealByAnyone(); // height 4: epoch
    assertThat(ledger.state.votes()).isEmpty();
    // The old votes no longer count: one fresh vote is one, not two.
    ledger.sealByAnyone(
        ledger.tx(
            ledger.initialValidators.get(1), new TxPayload.ValidatorVote(laptop.deviceId(), true)));
    assertThat(ledger.state.tally(laptop.deviceId())).isEqualTo(1);
    assertThat(ledger.state.isValidator(laptop.deviceId())).isFalse();
  }
}
