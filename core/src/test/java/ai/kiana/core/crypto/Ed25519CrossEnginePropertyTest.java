package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** All engines are interchangeable: same keys, same signatures, same verdicts. */
class Ed25519CrossEnginePropertyTest {

  private static final List<Ed25519> ENGINES = Ed25519Engines.available();

  @Property(tries = 200)
  void everyEngineDerivesTheSamePublicKey(@ForAll @Size(32) byte[] seed) {
    byte[] expected = ENGINES.get(0).publicKey(seed);
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.publicKey(seed)).as(engine.name()).isEqualTo(expected);
    }
  }

  @Property(tries = 200)
  void signatureFromOneEngineVerifiesWithEveryOther(
      @ForAll @Size(32) byte[] seed, @ForAll @Size(max = 1500) byte[] message) {
    for (Ed25519 signing : ENGINES) {
      Signer signer = signing.signer(seed);
      byte[] signature = signer.sign(message);
      for (Ed25519 verifying : ENGINES) {
        assertThat(verifying.verify(signer.publicKey(), message, signature))
            .as("signed by %s, verified by %s", signing.name(), verifying.name())
            .isTrue();
      }
    }
  }

  @Property(tries = 200)
  void everyEngineProducesTheSameSignatureBitForBit(
      @ForAll @Size(32) byte[] seed, @ForAll @Size(max = 1500) byte[] message) {
    byte[] expected = ENGINES.get(0).signer(seed).sign(message);
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.signer(seed).sign(message)).as(engine.name()).isEqualTo(expected);
    }
  }

  @Property(tries = 200)
  void everyEngineRejectsTheSameTamperedSignature(
      @ForAll @Size(32) byte[] seed,
      @ForAll @Size(min = 1, max = 200) byte[] message,
      @ForAll @Size(64) byte[] noise) {
    Signer signer = ENGINES.get(0).signer(seed);
    byte[] signature = signer.sign(message);
    for (int i = 0; i < signature.length; i++) {
      signature[i] ^= noise[i];
    }
    boolean changed = !Arrays.equals(signature, signer.sign(message));
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.verify(signer.publicKey(), message, signature))
          .as(engine.name())
          .isEqualTo(!changed);
    }
  }
}
