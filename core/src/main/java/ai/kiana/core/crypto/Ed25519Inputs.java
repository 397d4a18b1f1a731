package ai.kiana.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input rules that every engine applies identically, so that a signature is accepted or rejected
 * the same way on every node whatever engine it runs.
 *
 * <p>Without them the engines disagree: the JDK accepts the identity as a public key (any
 * "signature" with R = identity and S = 0 then verifies for every message), BouncyCastle and the
 * JDK accept an R of small order, which libsodium rejects, and BouncyCastle verifies with the
 * cofactored equation where libsodium and the JDK use the cofactorless one, so a public key with a
 * torsion component splits them. The rules: public key and R are canonical encodings of points that
 * are not of small order (libsodium's own checks), and the public key lies in the subgroup of prime
 * order L ([L]A = identity). Under a torsion-free key the cofactorless equation can only hold for a
 * torsion-free R; BouncyCastle additionally requires that of R (see {@link #isTorsionFree}), and
 * then both equations accept exactly the same signatures.
 */
final class Ed25519Inputs {

  // y-coordinates (sign bit cleared) of the eight points of order 1, 2, 4 and 8: y = 0, 1, p-1
  // and the two order-8 values. Computed from the curve equation, cross-checked against libsodium.
  private static final byte[][] SMALL_ORDER_Y = {
    hex("0000000000000000000000000000000000000000000000000000000000000000"),
    hex("0100000000000000000000000000000000000000000000000000000000000000"),
    hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
  };

  /**
   * Public keys known to pass {@link #isTorsionFree}. Checking costs a scalar multiplication (about
   * as much as a verification), and a network has a handful of device keys, so nearly every lookup
   * hits. Only keys that pass are remembered, so a peer sending many distinct bad keys cannot push
   * the honest ones out (each bad key costs one check, no more than a bad signature costs). Cleared
   * when full; a clear costs one check per key on its next use.
   */
  static final int KEY_CACHE_LIMIT = 4096;

  private static final Set<KeyBytes> TORSION_FREE_KEYS = ConcurrentHashMap.newKeySet();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Ed25519Inputs() {}

  static void requireSeed(byte[] seed) {
    if (seed == null) {
      throw new IllegalArgumentException("Ed25519 seed is null; expected 32 bytes");
    }
    if (seed.length != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 seed has " + seed.length + " bytes; expected " + Ed25519.SEED_BYTES);
    }
  }

  /**
   * Whether verify inputs pass the shared rules; if not, verification is false without asking the
   * engine. S < L is left to the engines, which all check it.
   */
  static boolean acceptable(byte[] publicKey, byte[] message, byte[] signature) {
    return publicKey != null
        && publicKey.length == Ed25519.PUBLIC_KEY_BYTES
        && signature != null
        && signature.length == Ed25519.SIGNATURE_BYTES
        && message != null
        && isStrictPoint(publicKey, 0)
        && isStrictPoint(signature, 0)
        && isTorsionFreeKey(publicKey);
  }

  /** {@link #isTorsionFree} for a 32-byte public key, remembered for keys that pass. */
  static boolean isTorsionFreeKey(byte[] publicKey) {
    KeyBytes key = KeyBytes.of(publicKey);
    if (TORSION_FREE_KEYS.contains(key)) {
      return true;
    }
    if (!isTorsionFree(publicKey, 0)) {
      return false;
    }
    if (TORSION_FREE_KEYS.size() >= KEY_CACHE_LIMIT) {
      TORSION_FREE_KEYS.clear();
    }
    TORSION_FREE_KEYS.add(key);
    return true;
  }

  /**
   * Whether 32 bytes at {@code offset} are the canonical encoding of a point on the curve in the
   * subgroup of prime order L, other than the identity. Costs a scalar multiplication.
   */
  static boolean isTorsionFree(byte[] encoded, int offset) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(encoded, offset);
  }

  /** Number of public keys currently remembered; for tests. */
  static int cachedKeyCount() {
    return TORSION_FREE_KEYS.size();
  }

  /** A canonical point encoding (y < p) that is not one of the small-order points. */
  static boolean isStrictPoint(byte[] encoded, int offset) {
    int top = encoded[offset + 31] & 0x7f;
    if (top == 0x7f && (encoded[offset] & 0xff) >= 0xed && allOnes(encoded, offset + 1, 30)) {
      return false; // y >= p = 2^255 - 19
    }
    for (byte[] y : SMALL_ORDER_Y) {
      if (top == y[31] && equal(encoded, offset, y, 31)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allOnes(byte[] bytes, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (bytes[i] != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  private static boolean equal(byte[] a, int offset, byte[] b, int count) {
    for (int i = 0; i < count; i++) {
      if (a[offset + i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** A 32-byte key as four longs: a cheap, immutable map key that needs no copy of the array. */
  private record KeyBytes(long a, long b, long c, long d) {
    static KeyBytes of(byte[] key) {
      return new KeyBytes(
          (long) LONGS.get(key, 0),
          (long) LONGS.get(key, 8),
          (long) LONGS.get(key, 16),
          (long) LONGS.get(key, 24));
    }
  }
}
