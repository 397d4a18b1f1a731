package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every engine must reject, and how: with {@code false}, never an exception. */
class Ed25519VerificationTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SEED =
      HEX.parseHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
  private static final byte[] MESSAGE = "a knowledge block".getBytes();
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  static List<Ed25519> engines() {
    return Ed25519Engines.available();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void tamperedMessageFailsVerification(Ed25519 engine) {
    Signer signer = engine.signer(SEED);
    byte[] signature = signer.sign(MESSAGE);
    for (int i = 0; i < MESSAGE.length; i++) {
      byte[] tampered = MESSAGE.clone();
      tampered[i] ^= 0x20;
      assertThat(engine.verify(signer.publicKey(), tampered, signature)).as("byte %d", i).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void tamperedSignatureFailsVerification(Ed25519 engine) {
    Signer signer = engine.signer(SEED);
    byte[] signature = signer.sign(MESSAGE);
    for (int i = 0; i < Ed25519.SIGNATURE_BYTES; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 0x01;
      assertThat(engine.verify(signer.publicKey(), MESSAGE, tampered)).as("byte %d", i).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void signatureFailsUnderAnotherKey(Ed25519 engine) {
    byte[] signature = engine.signer(SEED).sign(MESSAGE);
    byte[] otherSeed = SEED.clone();
    otherSeed[0] ^= 1;
    assertThat(engine.verify(engine.publicKey(otherSeed), MESSAGE, signature)).isFalse();
    byte[] flippedSign = engine.publicKey(SEED);
    flippedSign[31] ^= (byte) 0x80;
    assertThat(engine.verify(flippedSign, MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void wrongLengthsAndNullsReturnFalse(Ed25519 engine) {
    byte[] publicKey = engine.publicKey(SEED);
    byte[] signature = engine.signer(SEED).sign(MESSAGE);
    for (int length : new int[] {0, 31, 33, 64}) {
      assertThat(engine.verify(new byte[length], MESSAGE, signature)).isFalse();
    }
    for (int length : new int[] {0, 32, 63, 65}) {
      assertThat(engine.verify(publicKey, MESSAGE, new byte[length])).isFalse();
    }
    assertThat(engine.verify(publicKey, MESSAGE, Arrays.copyOf(signature, 65))).isFalse();
    assertThat(engine.verify(null, MESSAGE, signature)).isFalse();
    assertThat(engine.verify(publicKey, null, signature)).isFalse();
    assertThat(engine.verify(publicKey, MESSAGE, null)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void garbageKeysAndSignaturesReturnFalse(Ed25519 engine) {
    Random random = new Random(8032);
    for (int i = 0; i < 200; i++) {
      byte[] publicKey = new byte[32];
      byte[] signature = new byte[64];
      random.nextBytes(publicKey);
      random.nextBytes(signature);
      assertThat(engine.verify(publicKey, MESSAGE, signature)).isFalse();
    }
    byte[] allOnes = new byte[64];
    Arrays.fill(allOnes, (byte) 0xff);
    assertThat(engine.verify(engine.publicKey(SEED), MESSAGE, allOnes)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void signatureWithScalarPlusGroupOrderIsRejected(Ed25519 engine) {
    byte[] signature = engine.signer(SEED).sign(MESSAGE);
    BigInteger s = littleEndian(signature, 32, 32).add(L);
    System.arraycopy(toLittleEndian(s), 0, signature, 32, 32);
    assertThat(engine.verify(engine.publicKey(SEED), MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void identityKeyDoesNotAcceptTheTrivialForgery(Ed25519 engine) {
    // With A = identity and R = identity, S = 0 satisfies [S]B = R + [k]A for every message.
    byte[] identity =
        HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
    byte[] forgery = new byte[64];
    forgery[0] = 1;
    assertThat(engine.verify(identity, MESSAGE, forgery)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void smallOrderAndNonCanonicalKeysAreRejected(Ed25519 engine) {
    byte[] signature = engine.signer(SEED).sign(MESSAGE);
    for (String key :
        List.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) {
      assertThat(engine.verify(HEX.parseHex(key), MESSAGE, signature)).as(key).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void signatureWithSmallOrderRIsRejectedByEveryEngine(Ed25519 engine) throws Exception {
    // The key owner can make R = identity verify by choosing S = k * a; libsodium refuses such
    // signatures, so every engine must, or nodes would disagree about the same block.
    byte[] publicKey = engine.publicKey(SEED);
    byte[] h = MessageDigest.getInstance("SHA-512").digest(SEED);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    BigInteger a = littleEndian(h, 0, 32);
    byte[] signature = new byte[64];
    signature[0] = 1;
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    sha512.update(signature, 0, 32);
    sha512.update(publicKey);
    sha512.update(MESSAGE);
    BigInteger k = littleEndian(sha512.digest(), 0, 64).mod(L);
    System.arraycopy(toLittleEndian(k.multiply(a).mod(L)), 0, signature, 32, 32);
    assertThat(engine.verify(publicKey, MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void seedOfWrongLengthIsRejectedWithIllegalArgument(Ed25519 engine) {
    assertThatThrownBy(() -> engine.publicKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31 bytes");
    assertThatThrownBy(() -> engine.signer(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.signer(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void signerIsIsolatedFromCallerArrays(Ed25519 engine) {
    byte[] seed = SEED.clone();
    Signer signer = engine.signer(seed);
    byte[] expected = signer.sign(MESSAGE);
    seed[0] ^= 1;
    signer.publicKey()[0] ^= 1;
    assertThat(signer.sign(MESSAGE)).isEqualTo(expected);
    assertThat(signer.publicKey()).isEqualTo(engine.publicKey(SEED));
  }

  private static BigInteger littleEndian(byte[] bytes, int offset, int length) {
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[offset + length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }
}
