package ai.kiana.core.ledger;

import static ai.kiana.core.ledger.LedgerHarness.ED;
import static ai.kiana.core.ledger.LedgerHarness.T0;
import static ai.kiana.core.ledger.LedgerHarness.identity;
import static ai.kiana.core.ledger.LedgerHarness.keyHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenesisTest {

  private final NodeIdentity mother = identity("mother");
  private final NodeIdentity laptop = identity("laptop");

  private static Verdict validate(LedgerBlock genesis) {
    return RuleFactory.blockValidator(ED)
        .validate(LedgerState.beforeGenesis(LedgerParams.DEFAULTS), genesis, genesis.timestamp());
  }

  private static ViolationKind kind(LedgerBlock genesis) {
    return validate(genesis) instanceof Verdict.Rejected r ? r.violation().kind() : null;
  }

  private LedgerBlock forged(int difficulty, List<LedgerTx> txs, List<DeviceId> checkpoint) {
    return BlockSealer.seal(mother, 0, LedgerBlock.NO_PARENT, T0, difficulty, txs, checkpoint);
  }

  private LedgerTx selfAdmission() {
    return LedgerTx.sign(
        mother,
        1,
        new TxPayload.DeviceAdmitted(mother.deviceId(), keyHex(mother), Role.CREATOR, "mother"));
  }

  @Test
  void genesisOfKianaInitMakesTheMotherCreatorAndSoleValidator() {
    LedgerBlock genesis = Genesis.create(mother, "mother", T0);
    assertThat(genesis.height()).isZero();
    assertThat(genesis.parent()).isEqualTo(LedgerBlock.NO_PARENT);
    assertThat(genesis.difficulty()).isEqualTo(1);
    assertThat(genesis.checkpoint()).containsExactly(mother.deviceId());
    LedgerState state = ((Verdict.Accepted) validate(genesis)).state();
    assertThat(state.validators()).containsExactly(mother.deviceId());
    assertThat(state.activeRole(mother.deviceId())).isEqualTo(Role.CREATOR);
    assertThat(state.height()).isZero();
    assertThat(state.hash()).isEqualTo(genesis.hash());
    assertThat(state.totalDifficulty()).isEqualTo(1);
  }

  @Test
  void genesisWithMembersAdmitsThemAndListsTheValidatorsSorted() {
    NodeIdentity phone = identity("phone");
    LedgerBlock genesis =
        Genesis.create(
            mother,
            "mother",
            T0,
            List.of(
                Genesis.Member.of(laptop, Role.ADMIN, "laptop", true),
                Genesis.Member.of(phone, Role.USER, "phone", false)));
    LedgerState state = ((Verdict.Accepted) validate(genesis)).state();
    assertThat(state.validators())
        .containsExactlyElementsOf(
            List.of(mother.deviceId(), laptop.deviceId()).stream().sorted().toList());
    assertThat(state.activeRole(laptop.deviceId())).isEqualTo(Role.ADMIN);
    assertThat(state.activeRole(phone.deviceId())).isEqualTo(Role.USER);
    assertThat(state.isValidator(phone.deviceId())).isFalse();
  }

  @Test
  void memberListedTwiceIsAnError() {
    Genesis.Member member = Genesis.Member.of(laptop, Role.USER, "laptop", false);
    assertThatThrownBy(() -> Genesis.create(mother, "mother", T0, List.of(member, member)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void genesisMustStartWithTheProposerAdmittingItselfAsCreator() {
    LedgerTx asAdmin =
        LedgerTx.sign(
            mother,
            1,
            new TxPayload.DeviceAdmitted(mother.deviceId(), keyHex(mother), Role.ADMIN, "m"));
    assertThat(kind(forged(1, List.of(asAdmin), List.of(mother.deviceId()))))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
    assertThat(kind(forged(1, List.of(), List.of(mother.deviceId()))))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
  }

  @Test
  void genesisValidatorThatIsNotAdmittedIsInvalid() {
    List<DeviceId> both = List.of(mother.deviceId(), laptop.deviceId()).stream().sorted().toList();
    assertThat(kind(forged(1, List.of(selfAdmission()), both)))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
  }

  @Test
  void genesisWhoseCreatorIsNotAValidatorIsInvalid() {
    LedgerTx admitLaptop =
        LedgerTx.sign(
            mother,
            2,
            new TxPayload.DeviceAdmitted(laptop.deviceId(), keyHex(laptop), Role.USER, "l"));
    assertThat(kind(forged(1, List.of(selfAdmission(), admitLaptop), List.of(laptop.deviceId()))))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
  }

  @Test
  void genesisNeedsDifficultyOneAndACheckpoint() {
    assertThat(kind(forged(2, List.of(selfAdmission()), List.of(mother.deviceId()))))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
    assertThat(kind(forged(1, List.of(selfAdmission()), null)))
        .isEqualTo(ViolationKind.INVALID_GENESIS);
  }

  @Test
  void genesisWithAParentIsNotGenesis() {
    LedgerBlock withParent =
        BlockSealer.seal(
            mother,
            0,
            "11".repeat(32),
            T0,
            1,
            List.of(selfAdmission()),
            List.of(mother.deviceId()));
    assertThat(kind(withParent)).isEqualTo(ViolationKind.BAD_PARENT);
  }

  @Test
  void firstBlockOfAChainMustHaveHeightZero() {
    LedgerBlock atOne =
        BlockSealer.seal(
            mother,
            1,
            LedgerBlock.NO_PARENT,
            T0,
            1,
            List.of(selfAdmission()),
            List.of(mother.deviceId()));
    assertThat(kind(atOne)).isEqualTo(ViolationKind.BAD_HEIGHT);
  }

  @Test
  void genesisTransactionsAfterTheFirstFollowTheNormalRules() {
    LedgerTx bySomeoneElse = LedgerTx.sign(laptop, 1, new TxPayload.PolicyChanged("x", "y"));
    assertThat(kind(forged(1, List.of(selfAdmission(), bySomeoneElse), List.of(mother.deviceId()))))
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
  }
}
