package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Rfc8032Vectors.Vector;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every engine against the RFC 8032 section 7.1 test vectors. */
class Ed25519VectorTest {

  static Stream<Arguments> engineAndVector() {
    return Ed25519Engines.available().stream()
        .flatMap(
            engine ->
                Rfc8032Vectors.all().stream()
                    .map(v -> Arguments.argumentSet(engine.name() + " " + v.name(), engine, v)));
  }

  @Test
  void resourceHoldsAllFiveEd25519Vectors() {
    assertThat(Rfc8032Vectors.all())
        .extracting(Vector::name)
        .containsExactly("TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)");
  }

  @ParameterizedTest
  @MethodSource("engineAndVector")
  void publicKeyIsDerivedFromSeedAsInRfc(Ed25519 engine, Vector vector) {
    assertThat(engine.publicKey(vector.seed())).isEqualTo(vector.publicKey());
    assertThat(engine.signer(vector.seed()).publicKey()).isEqualTo(vector.publicKey());
  }

  @ParameterizedTest
  @MethodSource("engineAndVector")
  void signatureEqualsRfcSignatureBitForBit(Ed25519 engine, Vector vector) {
    assertThat(engine.signer(vector.seed()).sign(vector.message())).isEqualTo(vector.signature());
  }

  @ParameterizedTest
  @MethodSource("engineAndVector")
  void rfcSignatureVerifies(Ed25519 engine, Vector vector) {
    assertThat(engine.verify(vector.publicKey(), vector.message(), vector.signature())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("engineAndVector")
  void rfcSignatureFailsForAnyOtherMessage(Ed25519 engine, Vector vector) {
    byte[] longer = Arrays.copyOf(vector.message(), vector.message().length + 1);
    assertThat(engine.verify(vector.publicKey(), longer, vector.signature())).isFalse();
    if (vector.message().length > 0) {
      byte[] flipped = vector.message().clone();
      flipped[flipped.length - 1] ^= 0x01;
      assertThat(engine.verify(vector.publicKey(), flipped, vector.signature())).isFalse();
    }
  }
}
