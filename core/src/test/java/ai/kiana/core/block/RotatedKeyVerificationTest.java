package ai.kiana.core.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a key rotation a device's blocks carry its new key under its old ID: they verify with the
 * ledger's record of its keys, and the old key signs only blocks made before the rotation.
 */
class RotatedKeyVerificationTest {

  static final long ROTATED_AT = 1_800_000_000_000L;
  final NodeIdentity first = NodeIdentity.fromSeed(Ed25519Engines.fastest(), seed(1));
  final NodeIdentity rotated =
      NodeIdentity.rotated(Ed25519Engines.fastest(), seed(2), first.deviceId());
  final String firstKey = HexFormat.of().formatHex(first.publicKey());
  final String newKey = HexFormat.of().formatHex(rotated.publicKey());

  /** What a ledger that recorded the rotation says. */
  final DeviceKeys ledger =
      (DeviceId device, String key) -> {
        if (!device.equals(first.deviceId())) {
          return null;
        }
        if (key.equals(newKey)) {
          return DeviceKeys.Held.ALWAYS;
        }
        return key.equals(firstKey) ? new DeviceKeys.Held(ROTATED_AT) : DeviceKeys.Held.NEVER;
      };

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    java.util.Arrays.fill(s, (byte) b);
    return s;
  }

  KnowledgeBlock signed(NodeIdentity by, long createdMs) {
    return new BlockAuthor(
            by, new ai.kiana.core.clock.HybridLogicalClock(java.time.Clock.systemUTC()))
        .signAt(BlockDraft.fact("a fact at " + createdMs), new HlcTimestamp(createdMs, 0));
  }

  @Test
  void aBlockSignedByTheNewKeyVerifiesOnlyWithTheLedger() {
    KnowledgeBlock b = signed(rotated, ROTATED_AT + 5);

    assertThat(b.author()).isEqualTo(first.deviceId());
    assertThat(new BlockVerifier(Ed25519Engines.fastest()).verify(b))
        .isInstanceOf(Verification.Invalid.class);
    assertThat(new BlockVerifier(Ed25519Engines.fastest(), ledger).verify(b))
        .isInstanceOf(Verification.Valid.class);
  }

  @Test
  void theOldKeySignsOnlyBlocksMadeBeforeTheRotation() {
    BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest(), ledger);

    assertThat(verifier.verify(signed(first, ROTATED_AT - 1)))
        .isInstanceOf(Verification.Valid.class);
    Verification late = verifier.verify(signed(first, ROTATED_AT + 1));
    assertThat(late).isInstanceOf(Verification.Invalid.class);
    assertThat(((Verification.Invalid) late).reason()).contains("rotated away");
  }

  @Test
  void aKeyTheDeviceNeverHeldIsRefusedEvenIfItsSignatureIsGood() {
    NodeIdentity thief = NodeIdentity.rotated(Ed25519Engines.fastest(), seed(3), first.deviceId());
    assertThat(new BlockVerifier(Ed25519Engines.fastest(), ledger).verify(signed(thief, 5)))
        .isInstanceOf(Verification.Invalid.class);
    assertThat(List.of(firstKey, newKey))
        .doesNotContain(HexFormat.of().formatHex(thief.publicKey()));
  }
}
