package ai.kiana.core.ledger.rules;

import static ai.kiana.core.ledger.LedgerHarness.identity;
import static ai.kiana.core.ledger.LedgerHarness.keyHex;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.KillSwitch;
import ai.kiana.core.ledger.TxPayload.KnowledgeCheckpoint;
import ai.kiana.core.ledger.TxPayload.ModelPublished;
import ai.kiana.core.ledger.TxPayload.PolicyChanged;
import ai.kiana.core.ledger.TxPayload.Resume;
import ai.kiana.core.ledger.TxPayload.RoleChanged;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxRulesTest {

  private final LedgerHarness ledger = new LedgerHarness(3);
  private final NodeIdentity admin = identity("admin");
  private final NodeIdentity phone = identity("phone");

  private RuleViolation rejection(LedgerTx... txs) {
    return ledger.violation(ledger.next(ledger.allowedProposer(), txs));
  }

  private DeviceAdmitted admission(NodeIdentity device, Role role) {
    return new DeviceAdmitted(device.deviceId(), keyHex(device), role, "device");
  }

  @Test
  void transactionWhoseSignatureWasTamperedWithIsRejected() {
    LedgerTx good = ledger.tx(ledger.creator, new PolicyChanged("ui.theme", "dark"));
    char last = good.sig().charAt(127);
    String sig = good.sig().substring(0, 127) + (last == '0' ? '1' : '0');
    LedgerTx bad = new LedgerTx(good.payload(), good.issuer(), good.key(), good.seq(), sig);
    RuleViolation violation = rejection(bad);
    assertThat(violation.kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
    assertThat(violation.txIndex()).isZero();
  }

  @Test
  void transactionWithAnotherPayloadThanSignedIsRejected() {
    LedgerTx good = ledger.tx(ledger.creator, new PolicyChanged("ui.theme", "dark"));
    LedgerTx edited =
        new LedgerTx(
            new PolicyChanged("ui.theme", "light"),
            good.issuer(),
            good.key(),
            good.seq(),
            good.sig());
    assertThat(rejection(edited).kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
  }

  @Test
  void transactionSignedByAKeyThatIsNotTheIssuersIsRejected() {
    LedgerTx byImpostor = LedgerTx.sign(identity("impostor"), 1, new KillSwitch("x"));
    LedgerTx claimed =
        new LedgerTx(
            byImpostor.payload(), ledger.creator.deviceId(), byImpostor.key(), 1, byImpostor.sig());
    assertThat(rejection(claimed).kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
  }

  @Test
  void txRootThatIsNotTheMerkleRootOfTheTransactionsIsRejected() {
    LedgerBlock b =
        ledger.next(ledger.allowedProposer(), ledger.tx(ledger.creator, new KillSwitch("test")));
    LedgerBlock wrongRoot =
        LedgerHarness.reseal(
            new LedgerBlock(
                b.height(),
                b.parent(),
                b.timestamp(),
                b.proposer(),
                b.key(),
                b.difficulty(),
                b.txs(),
                "00".repeat(32),
                b.checkpoint(),
                b.hash(),
                b.seal()),
            ledger.allowedProposer());
    assertThat(ledger.kind(wrongRoot)).isEqualTo(ViolationKind.BAD_TX_ROOT);
  }

  @Test
  void transactionByAnUnknownDeviceIsUnauthorized() {
    LedgerTx tx = LedgerTx.sign(identity("stranger"), 1, new KillSwitch("hi"));
    RuleViolation violation = rejection(tx);
    assertThat(violation.kind()).isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(violation.message()).contains("not an admitted device");
  }

  @Test
  void transactionByARevokedDeviceIsUnauthorized() {
    ledger.admit(admin, Role.ADMIN);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new DeviceRevoked(admin.deviceId(), "left")));
    RuleViolation violation = rejection(ledger.tx(admin, new PolicyChanged("a", "b")));
    assertThat(violation.kind()).isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(violation.message()).contains("revoked");
  }

  @Test
  void transactionIncludedAgainInALaterBlockIsAReplay() {
    LedgerTx tx = ledger.tx(ledger.creator, new KillSwitch("first"));
    ledger.sealByAnyone(tx);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new Resume()));
    RuleViolation violation = rejection(tx);
    assertThat(violation.kind()).isEqualTo(ViolationKind.REPLAYED_TX);
  }

  @Test
  void sameTransactionTwiceInOneBlockIsAReplay() {
    LedgerTx tx = ledger.tx(ledger.creator, new KillSwitch("twice"));
    RuleViolation violation = rejection(tx, tx);
    assertThat(violation.kind()).isEqualTo(ViolationKind.REPLAYED_TX);
    assertThat(violation.txIndex()).isEqualTo(1);
  }

  @Test
  void oldVoteReplayedByAnotherValidatorIsRejected() {
    NodeIdentity v1 = ledger.initialValidators.get(1);
    ledger.admit(phone, Role.USER);
    LedgerTx vote = ledger.tx(v1, new ValidatorVote(phone.deviceId(), true));
    ledger.sealByAnyone(vote);
    ledger.sealByAnyone(ledger.tx(v1, new ValidatorVote(phone.deviceId(), false)));
    NodeIdentity replayer = ledger.allowedProposer();
    assertThat(ledger.kind(ledger.next(replayer, vote))).isEqualTo(ViolationKind.REPLAYED_TX);
  }

  @Test
  void anIssuersSequenceNumbersFollowItsLastOnTheChainWithoutGaps() {
    long last = ledger.state.lastSeq(ledger.creator.deviceId());
    assertThat(last).as("genesis: the creator admitted itself, v1 and v2").isEqualTo(3);

    RuleViolation gap = rejection(LedgerTx.sign(ledger.creator, last + 2, new KillSwitch("a")));
    assertThat(gap.kind()).isEqualTo(ViolationKind.SEQ_GAP);
    assertThat(gap.message()).contains("seq 5").contains("expected 4");
    RuleViolation replay = rejection(LedgerTx.sign(ledger.creator, last, new KillSwitch("a")));
    assertThat(replay.kind()).isEqualTo(ViolationKind.REPLAYED_TX);
    assertThat(replay.message()).contains("is not above its last seq 3");

    ledger.sealByAnyone(
        LedgerTx.sign(ledger.creator, last + 1, new KillSwitch("a")),
        LedgerTx.sign(ledger.creator, last + 2, new Resume()));
    assertThat(ledger.state.lastSeq(ledger.creator.deviceId())).isEqualTo(last + 2);
  }

  @Test
  void anIssuersTransactionsInOneBlockMustBeInSeqOrder() {
    long last = ledger.state.lastSeq(ledger.creator.deviceId());
    RuleViolation swapped =
        rejection(
            LedgerTx.sign(ledger.creator, last + 2, new Resume()),
            LedgerTx.sign(ledger.creator, last + 1, new KillSwitch("a")));
    assertThat(swapped.kind()).isEqualTo(ViolationKind.SEQ_GAP);
    assertThat(swapped.txIndex()).isZero();
  }

  @Test
  void anIssuersFirstTransactionHasSeqOne() {
    ledger.admit(admin, Role.ADMIN);
    assertThat(ledger.state.lastSeq(admin.deviceId())).isZero();
    assertThat(rejection(LedgerTx.sign(admin, 2, new PolicyChanged("a", "b"))).kind())
        .isEqualTo(ViolationKind.SEQ_GAP);
    ledger.sealByAnyone(LedgerTx.sign(admin, 1, new PolicyChanged("a", "b")));
    assertThat(ledger.state.lastSeq(admin.deviceId())).isEqualTo(1);
  }

  @Test
  void laterTransactionInABlockSeesTheEffectOfAnEarlierOne() {
    LedgerTx admit = ledger.tx(ledger.creator, admission(admin, Role.ADMIN));
    LedgerTx byNewAdmin = ledger.tx(admin, admission(phone, Role.USER));
    ledger.sealByAnyone(admit, byNewAdmin);
    assertThat(ledger.state.activeRole(phone.deviceId())).isEqualTo(Role.USER);
  }

  @Test
  void nonValidatorVotingItselfInIsUnauthorized() {
    ledger.admit(admin, Role.ADMIN);
    RuleViolation violation =
        rejection(ledger.tx(admin, new ValidatorVote(admin.deviceId(), true)));
    assertThat(violation.kind()).isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(violation.message()).contains("only validators");
  }

  @Test
  void adminCannotGrantTheAdminOrCreatorRole() {
    ledger.admit(admin, Role.ADMIN);
    assertThat(rejection(ledger.tx(admin, admission(phone, Role.ADMIN))).kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(rejection(ledger.tx(admin, admission(phone, Role.CREATOR))).kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    ledger.sealByAnyone(ledger.tx(admin, admission(phone, Role.USER)));
    assertThat(rejection(ledger.tx(admin, new RoleChanged(phone.deviceId(), Role.ADMIN))).kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new RoleChanged(phone.deviceId(), Role.ADMIN)));
    assertThat(ledger.state.activeRole(phone.deviceId())).isEqualTo(Role.ADMIN);
  }

  @Test
  void adminCannotRevokeAnotherAdminButTheCreatorCan() {
    ledger.admit(admin, Role.ADMIN);
    ledger.admit(phone, Role.ADMIN);
    assertThat(rejection(ledger.tx(admin, new DeviceRevoked(phone.deviceId(), ""))).kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new DeviceRevoked(phone.deviceId(), "")));
    assertThat(ledger.state.isActive(phone.deviceId())).isFalse();
  }

  @Test
  void deviceCannotBeAdmittedTwice() {
    ledger.admit(phone, Role.USER);
    RuleViolation violation = rejection(ledger.tx(ledger.creator, admission(phone, Role.SENSOR)));
    assertThat(violation.kind()).isEqualTo(ViolationKind.INVALID_TX);
    assertThat(violation.message()).contains("already admitted");
  }

  @Test
  void revokedDeviceCannotBeAdmittedAgain() {
    ledger.admit(phone, Role.USER);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new DeviceRevoked(phone.deviceId(), "lost")));
    RuleViolation violation = rejection(ledger.tx(ledger.creator, admission(phone, Role.USER)));
    assertThat(violation.kind()).isEqualTo(ViolationKind.INVALID_TX);
    assertThat(violation.message()).contains("revoked");
  }

  @Test
  void admittedDeviceIdMustBeTheHashOfItsKey() {
    DeviceAdmitted mismatched = new DeviceAdmitted(phone.deviceId(), keyHex(admin), Role.USER, "x");
    assertThat(rejection(ledger.tx(ledger.creator, mismatched)).kind())
        .isEqualTo(ViolationKind.INVALID_TX);
  }

  @Test
  void revokingOrRerolingAnUnknownDeviceIsInvalid() {
    assertThat(rejection(ledger.tx(ledger.creator, new DeviceRevoked(phone.deviceId(), ""))).kind())
        .isEqualTo(ViolationKind.INVALID_TX);
    assertThat(
            rejection(ledger.tx(ledger.creator, new RoleChanged(phone.deviceId(), Role.USER)))
                .kind())
        .isEqualTo(ViolationKind.INVALID_TX);
  }

  @Test
  void theLastCreatorCanNeitherBeRevokedNorDemoted() {
    LedgerHarness solo = new LedgerHarness(2);
    NodeIdentity creator = solo.creator;
    LedgerBlock revoke =
        solo.next(
            solo.allowedProposer(), solo.tx(creator, new DeviceRevoked(creator.deviceId(), "")));
    assertThat(solo.violation(revoke).message()).contains("last creator");
    LedgerBlock demote =
        solo.next(
            solo.allowedProposer(),
            solo.tx(creator, new RoleChanged(creator.deviceId(), Role.ADMIN)));
    assertThat(solo.violation(demote).message()).contains("last creator");
  }

  @Test
  void theLastValidatorCanNeitherBeRevokedNorVotedOut() {
    LedgerHarness solo = new LedgerHarness(1);
    solo.admit(phone, Role.CREATOR);
    LedgerBlock revoke =
        solo.next(solo.creator, solo.tx(phone, new DeviceRevoked(solo.creator.deviceId(), "")));
    assertThat(solo.violation(revoke).message()).contains("last validator");
    LedgerBlock voteOut =
        solo.next(
            solo.creator, solo.tx(solo.creator, new ValidatorVote(solo.creator.deviceId(), false)));
    assertThat(solo.violation(voteOut).kind()).isEqualTo(ViolationKind.INVALID_TX);
    assertThat(solo.violation(voteOut).message()).contains("last validator");
  }

  @Test
  void voteOnAnUnknownDeviceOrToAddARevokedOneIsInvalid() {
    assertThat(
            rejection(ledger.tx(ledger.creator, new ValidatorVote(phone.deviceId(), true))).kind())
        .isEqualTo(ViolationKind.INVALID_TX);
    ledger.admit(phone, Role.USER);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new DeviceRevoked(phone.deviceId(), "")));
    assertThat(
            rejection(ledger.tx(ledger.creator, new ValidatorVote(phone.deviceId(), true))).kind())
        .isEqualTo(ViolationKind.INVALID_TX);
  }

  @Test
  void publishedModelVersionsMustIncrease() {
    ledger.sealByAnyone(ledger.tx(ledger.creator, new ModelPublished(3, "aa".repeat(32))));
    assertThat(rejection(ledger.tx(ledger.creator, new ModelPublished(3, "bb".repeat(32)))).kind())
        .isEqualTo(ViolationKind.INVALID_TX);
    ledger.sealByAnyone(ledger.tx(ledger.creator, new ModelPublished(4, "aa".repeat(32))));
    assertThat(ledger.state.model().version()).isEqualTo(4);
  }

  @Test
  void stateFollowsKillSwitchModelKnowledgeAndPolicyTransactions() {
    NodeIdentity v1 = ledger.initialValidators.get(1);
    ledger.sealByAnyone(
        ledger.tx(ledger.creator, new KillSwitch("phone stolen")),
        ledger.tx(ledger.creator, new ModelPublished(1, "aa".repeat(32))),
        ledger.tx(v1, new KnowledgeCheckpoint("cc".repeat(32), 42)),
        ledger.tx(ledger.creator, new PolicyChanged("sync.max-peers", "8")));
    LedgerState s = ledger.state;
    assertThat(s.killSwitch().engaged()).isTrue();
    assertThat(s.killSwitch().reason()).isEqualTo("phone stolen");
    assertThat(s.model().sha256()).isEqualTo("aa".repeat(32));
    assertThat(s.knowledge().blockCount()).isEqualTo(42);
    assertThat(s.knowledge().issuer()).isEqualTo(v1.deviceId());
    assertThat(s.policies()).containsEntry("sync.max-peers", "8");
    ledger.sealByAnyone(
        ledger.tx(ledger.creator, new Resume()),
        ledger.tx(ledger.creator, new PolicyChanged("sync.max-peers", null)));
    assertThat(ledger.state.killSwitch().engaged()).isFalse();
    assertThat(ledger.state.policies()).isEmpty();
  }

  @Test
  void rejectedBlockLeavesTheParentStateUntouched() {
    LedgerState before = ledger.state;
    long seqBefore = before.lastSeq(ledger.creator.deviceId());
    LedgerTx ok = ledger.tx(ledger.creator, new KillSwitch("x"));
    LedgerTx replay = ok;
    LedgerBlock block =
        BlockSealer.next(
            ledger.allowedProposer(), before, before.timestamp() + 10, List.of(ok, replay));
    assertThat(ledger.kind(block)).isEqualTo(ViolationKind.REPLAYED_TX);
    assertThat(ledger.state).isSameAs(before);
    assertThat(before.killSwitch().engaged()).isFalse();
    assertThat(before.lastSeq(ledger.creator.deviceId())).isEqualTo(seqBefore);
  }
}
