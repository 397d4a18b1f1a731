package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.EdwardsTestMath.Point;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public keys and R values with a torsion component, which only a hostile signer would make. Raw
 * cofactored verification (BouncyCastle) and raw cofactorless verification (libsodium, the JDK)
 * judge them differently; every engine behind {@link Ed25519} must reject them all.
 */
class Ed25519TorsionTest {

  private static final long SEED = 0x25519_8032L;
  private static final int CASES = 120;
  private static final List<Point> TORSION = EdwardsTestMath.torsion();
  private static final List<Ed25519> ENGINES = Ed25519Engines.available();

  /** How the torsion point T enters a signature that satisfies the cofactored equation. */
  enum Kind {
    /** Signature (R + T, r + k a) under an honest key: cofactorless holds only for T = identity. */
    MIXED_R,
    /** Honest signature under key A + T: cofactorless holds iff k = 0 (mod order of T). */
    MIXED_KEY,
    /** As MIXED_KEY, with the message chosen so that k = 0 (mod order of T): cofactorless holds. */
    MIXED_KEY_K_DIVISIBLE
  }

  record Crafted(
      String label,
      Kind kind,
      int torsionOrder,
      byte[] publicKey,
      byte[] message,
      byte[] signature,
      boolean cofactorlessHolds) {}

  static Stream<Arguments> craftedSignatures() {
    Random random = new Random(SEED);
    return IntStream.range(0, CASES)
        .mapToObj(
            i -> {
              Kind kind = Kind.values()[i % 3];
              Point t = TORSION.get((i / 3) % 8);
              String label =
                  String.format(
                      "case %d: %s, T of order %d (seed %#x)",
                      i + 1, kind, EdwardsTestMath.order(t), SEED);
              return Arguments.argumentSet(label, craft(label, random, kind, t));
            });
  }

  @ParameterizedTest
  @MethodSource("craftedSignatures")
  void everyEngineAcceptsOnlyWhenThereIsNoTorsion(Crafted crafted) {
    boolean honest = crafted.torsionOrder() == 1;
    for (Ed25519 engine : ENGINES) {
      assertThat(engine.verify(crafted.publicKey(), crafted.message(), crafted.signature()))
          .as("%s: %s", crafted.label(), engine.name())
          .isEqualTo(honest);
    }
  }

  @ParameterizedTest
  @MethodSource("craftedSignatures")
  void rawEnginesShowTheCasesAreTheHardOnes(Crafted crafted) throws GeneralSecurityException {
    // Without the shared rules: the cofactored equation holds for every crafted case, the
    // cofactorless one exactly where predicted. So each rejection above is the rules' doing.
    assertThat(rawBouncyCastle(crafted)).as("%s: raw bouncycastle", crafted.label()).isTrue();
    assertThat(rawJdk(crafted))
        .as("%s: raw jdk", crafted.label())
        .isEqualTo(crafted.cofactorlessHolds());
    if (libsodiumLoads()) {
      assertThat(rawLibsodium(crafted))
          .as("%s: raw libsodium", crafted.label())
          .isEqualTo(crafted.cofactorlessHolds());
    }
  }

  @Test
  void torsionPointsHaveOrdersOneTwoFourAndEight() {
    assertThat(TORSION).doesNotHaveDuplicates();
    assertThat(TORSION.stream().map(EdwardsTestMath::order).sorted().toList())
        .containsExactly(1, 2, 4, 4, 8, 8, 8, 8);
  }

  @Test
  void torsionFreeCheckAgreesWithIndependentArithmetic() {
    Random random = new Random(SEED + 1);
    List<byte[]> points = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Point honest = EdwardsTestMath.decode(honestKey(random));
      for (Point t : TORSION) {
        points.add(EdwardsTestMath.encode(EdwardsTestMath.add(honest, t)));
      }
    }
    TORSION.forEach(t -> points.add(EdwardsTestMath.encode(t)));
    for (byte[] encoded : points) {
      Point point = EdwardsTestMath.decode(encoded);
      boolean expected =
          !point.isIdentity() && EdwardsTestMath.multiply(EdwardsTestMath.L, point).isIdentity();
      assertThat(Ed25519Inputs.isTorsionFree(encoded, 0))
          .as(HexFormat.of().formatHex(encoded))
          .isEqualTo(expected);
    }
    assertThat(points.stream().filter(p -> Ed25519Inputs.isTorsionFree(p, 0))).hasSize(3);
  }

  @Test
  void keyCacheRemembersOnlyTorsionFreeKeysAndStaysBounded() {
    Random random = new Random(SEED + 2);
    byte[] honest = honestKey(random);
    byte[] mixed =
        EdwardsTestMath.encode(EdwardsTestMath.add(EdwardsTestMath.decode(honest), TORSION.get(1)));
    int before = Ed25519Inputs.cachedKeyCount();
    for (int i = 0; i < 3; i++) {
      assertThat(Ed25519Inputs.isTorsionFreeKey(mixed)).isFalse();
    }
    assertThat(Ed25519Inputs.cachedKeyCount()).isEqualTo(before);
    for (int i = 0; i < Ed25519Inputs.KEY_CACHE_LIMIT + 10; i++) {
      assertThat(Ed25519Inputs.isTorsionFreeKey(honestKey(random))).isTrue();
      assertThat(Ed25519Inputs.cachedKeyCount()).isLessThanOrEqualTo(Ed25519Inputs.KEY_CACHE_LIMIT);
    }
    // The cache is keyed by value, not by array identity, and a cleared cache refills.
    assertThat(Ed25519Inputs.isTorsionFreeKey(honest)).isTrue();
    assertThat(Ed25519Inputs.isTorsionFreeKey(honest.clone())).isTrue();
    assertThat(Ed25519Inputs.isTorsionFreeKey(mixed)).isFalse();
  }

  private static Crafted craft(String label, Random random, Kind kind, Point t) {
    byte[] seed = bytes(random, 32);
    byte[] nonceSeed = bytes(random, 32);
    byte[] message = bytes(random, random.nextInt(100));
    BigInteger a = EdwardsTestMath.secretScalar(seed);
    BigInteger r = EdwardsTestMath.secretScalar(nonceSeed);
    byte[] honestKey = publicKey(seed);
    byte[] honestR = publicKey(nonceSeed);
    int order = EdwardsTestMath.order(t);
    byte[] key = honestKey;
    byte[] rBytes = honestR;
    if (kind == Kind.MIXED_R) {
      rBytes = EdwardsTestMath.encode(EdwardsTestMath.add(EdwardsTestMath.decode(honestR), t));
    } else {
      key = EdwardsTestMath.encode(EdwardsTestMath.add(EdwardsTestMath.decode(honestKey), t));
    }
    BigInteger k = EdwardsTestMath.challenge(rBytes, key, message);
    if (kind == Kind.MIXED_KEY_K_DIVISIBLE) {
      // About `order` tries: extend the message until the challenge is a multiple of the order.
      while (!k.mod(BigInteger.valueOf(order)).equals(BigInteger.ZERO)) {
        message = Arrays.copyOf(message, message.length + 1);
        message[message.length - 1] = (byte) random.nextInt();
        k = EdwardsTestMath.challenge(rBytes, key, message);
      }
    }
    BigInteger s = r.add(k.multiply(a)).mod(EdwardsTestMath.L);
    boolean cofactorless =
        kind == Kind.MIXED_R ? order == 1 : k.mod(BigInteger.valueOf(order)).signum() == 0;
    return new Crafted(
        label, kind, order, key, message, EdwardsTestMath.signature(rBytes, s), cofactorless);
  }

  private static byte[] honestKey(Random random) {
    return publicKey(bytes(random, 32));
  }

  private static byte[] publicKey(byte[] seed) {
    byte[] publicKey = new byte[32];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static boolean rawBouncyCastle(Crafted c) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        c.signature(), 0, c.publicKey(), 0, c.message(), 0, c.message().length);
  }

  private static boolean rawJdk(Crafted c) throws GeneralSecurityException {
    EdECPublicKeySpec spec =
        new EdECPublicKeySpec(NamedParameterSpec.ED25519, JdkEd25519.decode(c.publicKey()));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(spec);
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(c.message());
    return verifier.verify(c.signature());
  }

  private static boolean rawLibsodium(Crafted c) {
    return SodiumLibrary.get()
            .crypto_sign_verify_detached(
                c.signature(), c.message(), c.message().length, c.publicKey())
        == 0;
  }

  private static boolean libsodiumLoads() {
    return ENGINES.stream().anyMatch(engine -> engine.name().equals(Ed25519Engines.LIBSODIUM));
  }
}
