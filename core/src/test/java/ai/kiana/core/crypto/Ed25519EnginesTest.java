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
  void mixedOrderKeyIsJudgedCofactorlessByLibsodiumAndJdkButCofactoredByBouncyCastle() {
    // Characterizes the one known disagreement (see BouncyCastleEd25519). Public key = A + T, with
    // A the key of the all-zero seed and T a point of order 8; signed normally with k mod 8 != 0.
    HexFormat hex = HexFormat.of();
    byte[] publicKey =
        hex.parseHex("06903bfea2a1ddc586e78a189513f47ac6ae27e4e7803a1c2fb94c94b18f3958");
    byte[] message = "mixed 0".getBytes();
    byte[] signature =
        hex.parseHex(
            "4e1486d96f8136b76a569835c2e18a81b00fb973da3a692589387dd06a021d0a"
                + "8cd365e6bf6833f7dfd053825f586f465d199c631b1f363251d8ebc20fdec401");
    for (Ed25519 engine : Ed25519Engines.available()) {
      boolean cofactored = engine.name().equals(Ed25519Engines.BOUNCYCASTLE);
      assertThat(engine.verify(publicKey, message, signature))
          .as(engine.name())
          .isEqualTo(cofactored);
    }
  }
}
