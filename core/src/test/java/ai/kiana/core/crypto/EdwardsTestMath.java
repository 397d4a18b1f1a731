package ai.kiana.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Edwards25519 arithmetic with BigInteger and affine coordinates: slow, simple and independent of
 * the engines under test. Only for crafting hostile test inputs (points with a torsion component
 * and signatures over them).
 */
final class EdwardsTestMath {

  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** d = -121665 / 121666 mod p. */
  static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

  /** A square root of -1 mod p: 2^((p-1)/4). */
  static final BigInteger SQRT_MINUS_ONE =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  record Point(BigInteger x, BigInteger y) {
    boolean isIdentity() {
      return x.signum() == 0 && y.equals(BigInteger.ONE);
    }
  }

  static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);

  /** A point of order 8 (its y is one of the two order-8 values libsodium blocklists). */
  private static final byte[] ORDER_8 =
      HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");

  private EdwardsTestMath() {}

  /** RFC 8032 section 5.1.3; throws {@link IllegalArgumentException} if not a canonical point. */
  static Point decode(byte[] encoded) {
    if (encoded.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes");
    }
    byte[] copy = encoded.clone();
    boolean xOdd = (copy[31] & 0x80) != 0;
    copy[31] &= 0x7f;
    BigInteger y = littleEndian(copy, 0, 32);
    if (y.compareTo(P) >= 0) {
      throw new IllegalArgumentException("y >= p");
    }
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    // p = 5 (mod 8): a candidate root is x2^((p+3)/8), possibly times sqrt(-1).
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(SQRT_MINUS_ONE).mod(P);
    }
    if (!x.multiply(x).mod(P).equals(x2)) {
      throw new IllegalArgumentException("not on the curve");
    }
    if (x.signum() == 0 && xOdd) {
      throw new IllegalArgumentException("x = 0 with the sign bit set");
    }
    if (x.testBit(0) != xOdd) {
      x = P.subtract(x);
    }
    return new Point(x, y);
  }

  static byte[] encode(Point point) {
    byte[] encoded = toLittleEndian(point.y());
    if (point.x().testBit(0)) {
      encoded[31] |= (byte) 0x80;
    }
    return encoded;
  }

  /** The complete twisted Edwards addition law (a = -1). */
  static Point add(Point p, Point q) {
    BigInteger x1y2 = p.x().multiply(q.y());
    BigInteger y1x2 = p.y().multiply(q.x());
    BigInteger y1y2 = p.y().multiply(q.y());
    BigInteger x1x2 = p.x().multiply(q.x());
    BigInteger t = D.multiply(x1x2).multiply(y1y2).mod(P);
    BigInteger x = x1y2.add(y1x2).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
    BigInteger y = y1y2.add(x1x2).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
    return new Point(x, y);
  }

  static Point multiply(BigInteger n, Point point) {
    Point result = IDENTITY;
    for (int i = n.bitLength() - 1; i >= 0; i--) {
      result = add(result, result);
      if (n.testBit(i)) {
        result = add(result, point);
      }
    }
    return result;
  }

  /** The eight points of small order: [i]T for i = 0..7, T of order 8; index 0 is the identity. */
  static List<Point> torsion() {
    Point generator = decode(ORDER_8);
    List<Point> points = new ArrayList<>(8);
    Point current = IDENTITY;
    for (int i = 0; i < 8; i++) {
      points.add(current);
      current = add(current, generator);
    }
    return List.copyOf(points);
  }

  /** The smallest n in 1, 2, 4, 8 with [n]T = identity. */
  static int order(Point torsionPoint) {
    for (int n = 1; n <= 8; n *= 2) {
      if (multiply(BigInteger.valueOf(n), torsionPoint).isIdentity()) {
        return n;
      }
    }
    throw new IllegalArgumentException("not a point of small order");
  }

  /** The secret scalar a of RFC 8032 section 5.1.5: the clamped first half of SHA-512(seed). */
  static BigInteger secretScalar(byte[] seed) {
    byte[] h = sha512(seed);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return littleEndian(h, 0, 32);
  }

  /** k = SHA-512(R || A || M) mod L. */
  static BigInteger challenge(byte[] r, byte[] publicKey, byte[] message) {
    return littleEndian(sha512(r, publicKey, message), 0, 64).mod(L);
  }

  /** R || S with S encoded little-endian. */
  static byte[] signature(byte[] r, BigInteger s) {
    byte[] signature = new byte[64];
    System.arraycopy(r, 0, signature, 0, 32);
    System.arraycopy(toLittleEndian(s), 0, signature, 32, 32);
    return signature;
  }

  static BigInteger littleEndian(byte[] bytes, int offset, int length) {
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[offset + length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  static byte[] toLittleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  private static byte[] sha512(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
