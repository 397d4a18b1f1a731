package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All engines are interchangeable: same keys, same signatures, same verdicts.
 *
 * <p>Properties over generated inputs. Case {@code i} is drawn from a {@link Random} whose seed is
 * the {@code i}-th long of {@code new Random(SEED)}; both numbers are in the display name, so a
 * failure reproduces with {@code caseFor(new Random(caseSeed))}.
 */
class Ed25519CrossEnginePropertyTest {

  private static final long SEED = 0xED25519L;
  private static final int CASES = 250;
  private static final int MAX_MESSAGE = 1500;
  private static final List<Ed25519> ENGINES = Ed25519Engines.available();

  static Stream<Arguments> seeds() {
    return generated(random -> new Object[] {bytes(random, 32)});
  }

  static Stream<Arguments> seedsAndMessages() {
    return generated(random -> new Object[] {bytes(random, 32), message(random, 0, MAX_MESSAGE)});
  }

  static Stream<Arguments> seedsMessagesAndNoise() {
    return generated(
        random -> new Object[] {bytes(random, 32), message(random, 1, 200), noise(random)});
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyEngineDerivesTheSamePublicKey(byte[] seed, TestInfo info) {
    byte[] expected = ENGINES.get(0).publicKey(seed);
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.publicKey(seed))
          .as("%s: %s", info.getDisplayName(), engine.name())
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("seedsAndMessages")
  void signatureFromOneEngineVerifiesWithEveryOther(byte[] seed, byte[] message, TestInfo info) {
    for (Ed25519 signing : ENGINES) {
      Signer signer = signing.signer(seed);
      byte[] signature = signer.sign(message);
      for (Ed25519 verifying : ENGINES) {
        assertThat(verifying.verify(signer.publicKey(), message, signature))
            .as(
                "%s: signed by %s, verified by %s",
                info.getDisplayName(), signing.name(), verifying.name())
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seedsAndMessages")
  void everyEngineProducesTheSameSignatureBitForBit(byte[] seed, byte[] message, TestInfo info) {
    byte[] expected = ENGINES.get(0).signer(seed).sign(message);
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.signer(seed).sign(message))
          .as("%s: %s", info.getDisplayName(), engine.name())
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("seedsMessagesAndNoise")
  void everyEngineRejectsTheSameTamperedSignature(
      byte[] seed, byte[] message, byte[] noise, TestInfo info) {
    Signer signer = ENGINES.get(0).signer(seed);
    byte[] signature = signer.sign(message);
    for (int i = 0; i < signature.length; i++) {
      signature[i] ^= noise[i];
    }
    boolean changed = !Arrays.equals(signature, signer.sign(message));
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.verify(signer.publicKey(), message, signature))
          .as("%s: %s", info.getDisplayName(), engine.name())
          .isEqualTo(!changed);
    }
  }

  /** {@link #CASES} cases, each from its own {@link Random} seeded from the fixed {@link #SEED}. */
  private static Stream<Arguments> generated(Function<Random, Object[]> caseFor) {
    Random seeds = new Random(SEED);
    return IntStream.range(0, CASES)
        .mapToObj(
            i -> {
              long caseSeed = seeds.nextLong();
              String name = String.format("case %d (case seed %#x)", i + 1, caseSeed);
              return Arguments.argumentSet(name, caseFor.apply(new Random(caseSeed)));
            });
  }

  /** Random bytes; one time in ten all 0x00 or all 0xff instead. */
  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    switch (random.nextInt(20)) {
      case 0 -> {}
      case 1 -> Arrays.fill(bytes, (byte) 0xff);
      default -> random.nextBytes(bytes);
    }
    return bytes;
  }

  /** A message of min..max bytes; the bounds and short lengths are drawn often. */
  private static byte[] message(Random random, int min, int max) {
    int length =
        switch (random.nextInt(10)) {
          case 0 -> min;
          case 1 -> max;
          case 2, 3, 4 -> min + random.nextInt(Math.min(64, max - min + 1));
          default -> min + random.nextInt(max - min + 1);
        };
    return bytes(random, length);
  }

  /** XOR noise for a signature: mostly random, sometimes one bit, sometimes none at all. */
  private static byte[] noise(Random random) {
    byte[] noise = new byte[Ed25519.SIGNATURE_BYTES];
    switch (random.nextInt(10)) {
      case 0 -> {}
      case 1, 2 -> noise[random.nextInt(noise.length)] = (byte) (1 << random.nextInt(8));
      default -> random.nextBytes(noise);
    }
    return noise;
  }
}
