package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519EnginesTest {

  @Test
  @EnabledOnOs(
      value = OS.LINUX,
      architectures = {"amd64", "x86_64"})
  void fastestIsLibsodiumOnLinuxX86_64() {
    // This is what users on this platform get; a silent fall back to BouncyCastle would halve
    // signing and triple verification time without anyone noticing.
    assertThat(Ed25519Engines.fastest().name()).isEqualTo(Ed25519Engines.LIBSODIUM);
  }

  @Test
  void fastestIsChosenOnceAndIsTheFirstAvailable() {
    assertThat(Ed25519Engines.fastest()).isSameAs(Ed25519Engines.fastest());
    assertThat(Ed25519Engines.available().get(0).name()).isEqualTo(Ed25519Engines.fastest().name());
  }

  @Test
  void pureJavaEnginesAreAlwaysAvailable() {
    assertThat(Ed25519Engines.available())
        .extracting(Ed25519::name)
        .contains(Ed25519Engines.BOUNCYCASTLE, Ed25519Engines.JDK)
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(strings = {Ed25519Engines.BOUNCYCASTLE, Ed25519Engines.JDK})
  void namedReturnsTheEngineOfThatName(String name) {
    assertThat(Ed25519Engines.named(name).name()).isEqualTo(name);
  }

  @Test
  void namedRejectsAnUnknownNameAndListsTheChoices() {
    assertThatThrownBy(() -> Ed25519Engines.named("openssl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl")
        .hasMessageContaining("libsodium, bouncycastle, jdk");
    assertThatThrownBy(() -> Ed25519Engines.named(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEngineRejectsAMixedOrderKeyAndAMixedOrderR() {
    // Both signatures satisfy the cofactored equation (raw BouncyCastle accepts them) but not the
    // cofactorless one (raw libsodium and the JDK reject them); before the shared torsion rules the
    // engines disagreed on them. A is the key of the all-zero seed, T a point of order 8.
    HexFormat hex = HexFormat.of();
    // Key A + T, signed normally with k mod 8 != 0.
    byte[] mixedKey =
        hex.parseHex("06903bfea2a1ddc586e78a189513f47ac6ae27e4e7803a1c2fb94c94b18f3958");
    byte[] mixedKeyMessage = "mixed 0".getBytes();
    byte[] mixedKeySignature =
        hex.parseHex(
            "4e1486d96f8136b76a569835c2e18a81b00fb973da3a692589387dd06a021d0a"
                + "8cd365e6bf6833f7dfd053825f586f465d199c631b1f363251d8ebc20fdec401");
    // Key A; R' = R + T with R = [r]B, r the secret scalar of seed 01 00 .. 00; S = r + k a with k
    // hashed over R'.
    byte[] honestKey =
        hex.parseHex("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    byte[] mixedRMessage = "mixed R 0".getBytes();
    byte[] mixedRSignature =
        hex.parseHex(
            "992de2a337c4035c5d6aec1d8b0d75efbcd2ab37bdd794be3b3222ebe4aff751"
                + "c035439a9fb33be2f85afb0ff0f0e0f13d31ab721400ed35dd7daed09acd0807");
    assertThat(rawBouncyCastle(mixedKey, mixedKeyMessage, mixedKeySignature)).isTrue();
    assertThat(rawBouncyCastle(honestKey, mixedRMessage, mixedRSignature)).isTrue();
    for (Ed25519 engine : Ed25519Engines.available()) {
      assertThat(engine.verify(mixedKey, mixedKeyMessage, mixedKeySignature))
          .as("%s, mixed-order key", engine.name())
          .isFalse();
      assertThat(engine.verify(honestKey, mixedRMessage, mixedRSignature))
          .as("%s, mixed-order R", engine.name())
          .isFalse();
    }
  }

  private static boolean rawBouncyCastle(byte[] publicKey, byte[] message, byte[] signature) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature, 0, publicKey, 0, message, 0, message.length);
  }
}
