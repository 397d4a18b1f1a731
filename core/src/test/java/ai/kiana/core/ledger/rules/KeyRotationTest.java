package ai.kiana.core.ledger.rules;

import static ai.kiana.core.ledger.LedgerHarness.ED;
import static ai.kiana.core.ledger.LedgerHarness.identity;
import static ai.kiana.core.ledger.LedgerHarness.keyHex;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxPayload.KeyRotated;
import ai.kiana.core.ledger.TxPayload.PolicyChanged;
import org.junit.jupiter.api.Test;

/**
 * A device rotates its key with a {@code key-rotated} transaction signed by its current key and
 * carrying the new key's signature: it stays the same device, the ledger maps it to the new key,
 * and the old key can sign nothing new.
 */
class KeyRotationTest {

  private final LedgerHarness ledger = new LedgerHarness(1);
  private final NodeIdentity admin = identity("rotating-admin");

  KeyRotationTest() {
    ledger.admit(admin, Role.ADMIN);
  }

  /** {@code device}'s identity once rotated to the key of {@code next}. */
  private static NodeIdentity rotatedTo(NodeIdentity device, NodeIdentity next) {
    return NodeIdentity.rotated(ED, next.exportSeed(), device.deviceId());
  }

  private RuleViolation offer(LedgerTx tx) {
    return ledger.violation(ledger.next(ledger.allowedProposer(), tx));
  }

  @Test
  void aRotationSignedByBothKeysMapsTheSameDeviceToTheNewKey() {
    NodeIdentity next = identity("admin-key-2");

    ledger.sealByAnyone(ledger.tx(admin, KeyRotated.of(admin, next)));

    DeviceRecord record = ledger.state.device(admin.deviceId());
    assertThat(record.key()).isEqualTo(keyHex(next));
    assertThat(record.role()).isEqualTo(Role.ADMIN);
    assertThat(record.formerKeys())
        .extracting(DeviceRecord.FormerKey::key)
        .containsExactly(keyHex(admin));
    assertThat(record.formerKeys().getFirst().untilHeight()).isEqualTo(ledger.state.height());
    assertThat(ledger.state.deviceWithKey(keyHex(next), next.deviceId()))
        .isEqualTo(admin.deviceId());
    assertThat(ledger.state.deviceWithKey(keyHex(admin), admin.deviceId())).isNull();
  }

  @Test
  void afterARotationTheNewKeySignsForTheDeviceAndTheOldKeyNoLonger() {
    NodeIdentity next = identity("admin-key-3");
    ledger.sealByAnyone(ledger.tx(admin, KeyRotated.of(admin, next)));
    NodeIdentity rotated = rotatedTo(admin, next);

    RuleViolation byOldKey = offer(ledger.tx(admin, new PolicyChanged("ui.lang", "de")));
    assertThat(byOldKey.kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
    assertThat(byOldKey.message()).contains("rotated away");

    ledger.sealByAnyone(ledger.tx(rotated, new PolicyChanged("ui.lang", "de")));
    assertThat(ledger.state.policies()).containsEntry("ui.lang", "de");
  }

  @Test
  void aRotationWithoutTheNewKeysAgreementIsRejected() {
    NodeIdentity next = identity("admin-key-4");
    KeyRotated honest = KeyRotated.of(admin, next);
    // The statement signed by some other key than the one named.
    KeyRotated forged =
        new KeyRotated(honest.newKey(), KeyRotated.of(admin, identity("x")).newKeySig());

    assertThat(offer(ledger.tx(admin, forged)).kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
  }

  @Test
  void aRotationSignedOnlyByTheNewKeyIsRejected() {
    NodeIdentity thief = identity("thief-key");
    // Someone holding only a new key claims the device: the transaction is not signed by the
    // device's current key.
    LedgerTx claim = LedgerTx.sign(rotatedTo(admin, thief), 1, KeyRotated.of(admin, thief));

    assertThat(offer(claim).kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
  }

  @Test
  void aRotationToAKeyAlreadyUsedIsRejected() {
    NodeIdentity other = identity("other-device");
    ledger.admit(other, Role.USER);
    NodeIdentity next = identity("admin-key-5");
    ledger.sealByAnyone(ledger.tx(admin, KeyRotated.of(admin, next)));
    NodeIdentity rotated = rotatedTo(admin, next);

    RuleViolation toOthers = offer(ledger.tx(rotated, KeyRotated.of(rotated, other)));
    RuleViolation back = offer(ledger.tx(rotated, KeyRotated.of(rotated, admin)));

    assertThat(toOthers.kind()).isEqualTo(ViolationKind.INVALID_TX);
    assertThat(back.kind()).isEqualTo(ViolationKind.INVALID_TX);
    assertThat(back.message()).contains("every key the device has had");
  }

  @Test
  void aValidatorThatRotatedSealsWithItsNewKeyOnlyAndTheChainStillValidates() {
    NodeIdentity creator = ledger.creator;
    NodeIdentity next = identity("creator-key-2");
    ledger.sealByAnyone(ledger.tx(creator, KeyRotated.of(creator, next)));
    NodeIdentity rotated = rotatedTo(creator, next);

    LedgerBlock byOldKey = ledger.next(creator);
    assertThat(ledger.kind(byOldKey)).isEqualTo(ViolationKind.BAD_SEAL);
    ledger.seal(rotated, ledger.tx(rotated, new PolicyChanged("a.b", "c")));

    Verdict chain =
        RuleFactory.chainValidator(ED, ledger.params)
            .validate(ledger.chain, ledger.state.timestamp());
    assertThat(chain.accepted()).as("%s", chain).isTrue();
  }

  @Test
  void aRotationRoundTripsThroughItsWireFormat() {
    LedgerTx tx = ledger.tx(admin, KeyRotated.of(admin, identity("admin-key-6")));

    String json = TxCodec.toJson(tx);

    assertThat(json).contains("\"type\":\"key-rotated\"", "\"newKey\":", "\"newKeySig\":");
    assertThat(TxCodec.fromJson(json)).isEqualTo(tx);
    assertThat(((KeyRotated) TxCodec.fromJson(json).payload()).newKey())
        .isEqualTo(keyHex(identity("admin-key-6")));
  }
}
