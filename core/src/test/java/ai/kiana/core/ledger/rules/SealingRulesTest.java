package ai.kiana.core.ledger.rules;

import static ai.kiana.core.ledger.LedgerHarness.identity;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealingRulesTest {

  private final LedgerHarness ledger = new LedgerHarness(3);

  private LedgerBlock craft(
      NodeIdentity proposer, long height, String parent, long timestamp, int difficulty) {
    return BlockSealer.seal(proposer, height, parent, timestamp, difficulty, List.of(), null);
  }

  private LedgerBlock honest(NodeIdentity proposer) {
    return ledger.next(proposer);
  }

  @Test
  void honestBlockByAnAllowedValidatorIsAccepted() {
    assertThat(ledger.violation(honest(ledger.allowedProposer()))).isNull();
  }

  @Test
  void blockThatSkipsAHeightHasBadHeight() {
    LedgerState s = ledger.state;
    NodeIdentity p = ledger.allowedProposer();
    LedgerBlock block =
        craft(p, s.height() + 2, s.hash(), s.timestamp() + 10, s.difficultyFor(p.deviceId()));
    assertThat(ledger.kind(block)).isEqualTo(ViolationKind.BAD_HEIGHT);
  }

  @Test
  void blockOnAnotherParentHasBadParent() {
    LedgerState s = ledger.state;
    NodeIdentity p = ledger.allowedProposer();
    LedgerBlock block =
        craft(
            p, s.height() + 1, "ab".repeat(32), s.timestamp() + 10, s.difficultyFor(p.deviceId()));
    assertThat(ledger.kind(block)).isEqualTo(ViolationKind.BAD_PARENT);
  }

  @Test
  void blockWhoseContentChangedAfterSealingHasBadHash() {
    LedgerBlock b = honest(ledger.allowedProposer());
    LedgerBlock edited =
        new LedgerBlock(
            b.height(),
            b.parent(),
            b.timestamp() + 1,
            b.proposer(),
            b.key(),
            b.difficulty(),
            b.txs(),
            b.txRoot(),
            b.checkpoint(),
            b.hash(),
            b.seal());
    assertThat(ledger.kind(edited)).isEqualTo(ViolationKind.BAD_HASH);
  }

  @Test
  void sealMadeByAnotherKeyIsBadSeal() {
    LedgerBlock b = honest(ledger.allowedProposer());
    LedgerBlock other =
        honest(
            ledger.initialValidators.get(2).equals(ledger.allowedProposer())
                ? ledger.initialValidators.get(1)
                : ledger.initialValidators.get(2));
    LedgerBlock forged =
        new LedgerBlock(
            b.height(),
            b.parent(),
            b.timestamp(),
            b.proposer(),
            b.key(),
            b.difficulty(),
            b.txs(),
            b.txRoot(),
            b.checkpoint(),
            b.hash(),
            other.seal());
    assertThat(ledger.kind(forged)).isEqualTo(ViolationKind.BAD_SEAL);
  }

  @Test
  void keyThatDoesNotHashToTheProposerIsBadSeal() {
    NodeIdentity p = ledger.allowedProposer();
    NodeIdentity impostor = identity("impostor");
    LedgerBlock b = honest(p);
    LedgerBlock claimed =
        LedgerHarness.reseal(
            new LedgerBlock(
                b.height(),
                b.parent(),
                b.timestamp(),
                p.deviceId(),
                LedgerHarness.keyHex(impostor),
                b.difficulty(),
                b.txs(),
                b.txRoot(),
                b.checkpoint(),
                b.hash(),
                b.seal()),
            impostor);
    RuleViolation violation = ledger.violation(claimed);
    assertThat(violation.kind()).isEqualTo(ViolationKind.BAD_SEAL);
    assertThat(violation.message()).contains("key does not belong to the proposer");
  }

  @Test
  void deviceUnknownToTheLedgerCannotSeal() {
    assertThat(ledger.kind(honest(identity("impostor"))))
        .isEqualTo(ViolationKind.UNAUTHORIZED_SIGNER);
  }

  @Test
  void admittedDeviceThatIsNotAValidatorCannotSeal() {
    NodeIdentity laptop = identity("laptop");
    ledger.admit(laptop, Role.USER);
    assertThat(ledger.kind(honest(laptop))).isEqualTo(ViolationKind.UNAUTHORIZED_SIGNER);
  }

  @Test
  void revokedValidatorCannotSealAndLeavesTheValidatorSet() {
    NodeIdentity v2 = ledger.initialValidators.get(2);
    ledger.sealByAnyone(
        ledger.tx(ledger.creator, new TxPayload.DeviceRevoked(v2.deviceId(), "stolen")));
    assertThat(ledger.state.isValidator(v2.deviceId())).isFalse();
    assertThat(ledger.state.validators()).hasSize(2);
    RuleViolation violation = ledger.violation(honest(v2));
    assertThat(violation.kind()).isEqualTo(ViolationKind.UNAUTHORIZED_SIGNER);
    assertThat(violation.message()).contains("revoked");
  }

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void validatorSealsAtMostOneOfEverySignerLimitConsecutiveBlocks(int n) {
    LedgerHarness h = new LedgerHarness(n);
    int limit = n / 2 + 1;
    NodeIdentity first = h.initialValidators.get(0);
    h.seal(first);
    for (int gap = 1; gap < limit; gap++) {
      assertThat(h.kind(h.next(first)))
          .as("gap %d of %d", gap, limit)
          .isEqualTo(ViolationKind.RECENTLY_SIGNED);
      h.seal(h.allowedProposer());
    }
    assertThat(h.violation(h.next(first))).isNull();
  }

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {1, 2, 3, 5, 7})
  void minorityOfflineStillLetsTheRestSealIndefinitely(int n) {
    LedgerHarness h = new LedgerHarness(n);
    int online = n / 2 + 1;
    List<NodeIdentity> up = h.initialValidators.subList(0, online);
    for (int i = 0; i < 3 * n + 3; i++) {
      NodeIdentity proposer =
          up.stream().filter(v -> !h.state.sealedRecently(v.deviceId())).findFirst().orElseThrow();
      h.seal(proposer);
    }
    assertThat(h.state.height()).isEqualTo(3L * n + 3);
  }

  @Test
  void inTurnProposerMustClaimDifficultyTwo() {
    LedgerState s = ledger.state;
    DeviceId inTurn = s.inTurn(s.height() + 1);
    NodeIdentity p = ledger.byId(inTurn);
    assertThat(honest(p).difficulty()).isEqualTo(2);
    LedgerBlock low = craft(p, s.height() + 1, s.hash(), s.timestamp() + 10, 1);
    assertThat(ledger.kind(low)).isEqualTo(ViolationKind.WRONG_DIFFICULTY);
  }

  @Test
  void outOfTurnProposerMustClaimDifficultyOne() {
    LedgerState s = ledger.state;
    DeviceId inTurn = s.inTurn(s.height() + 1);
    NodeIdentity p =
        ledger.initialValidators.stream()
            .filter(v -> !v.deviceId().equals(inTurn))
            .findFirst()
            .orElseThrow();
    assertThat(honest(p).difficulty()).isEqualTo(1);
    LedgerBlock high = craft(p, s.height() + 1, s.hash(), s.timestamp() + 10, 2);
    assertThat(ledger.kind(high)).isEqualTo(ViolationKind.WRONG_DIFFICULTY);
  }

  @Test
  void inTurnOrderIsValidatorsSortedByDeviceIdAtHeightModN() {
    LedgerState s = ledger.state;
    List<DeviceId> sorted =
        ledger.initialValidators.stream().map(NodeIdentity::deviceId).sorted().toList();
    assertThat(s.validators()).isEqualTo(sorted);
    for (long h = 1; h < 7; h++) {
      assertThat(s.inTurn(h)).isEqualTo(sorted.get((int) (h % 3)));
    }
  }

  @Test
  void totalDifficultyAddsUpTheDifficultiesSinceGenesis() {
    long expected = 1;
    for (int i = 0; i < 6; i++) {
      expected += ledger.sealByAnyone().difficulty();
    }
    assertThat(ledger.state.totalDifficulty()).isEqualTo(expected);
  }
}
