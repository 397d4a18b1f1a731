package ai.kiana.core.crypto;

/**
 * Ed25519 (RFC 8032, pure variant) behind one small interface, so the fastest implementation that
 * loads on a platform can be chosen at start-up. All implementations must agree bit for bit.
 *
 * <p>Keys are raw: a 32-byte private seed and a 32-byte public key; signatures are 64 bytes.
 * Implementations are thread-safe.
 *
 * <p><b>Verification rules all engines share.</b> Every engine accepts exactly the same signatures,
 * or devices running different engines would disagree about which blocks are valid. A signature (R,
 * S) verifies under public key A only if: A and R are canonical encodings (y &lt; p) of points that
 * are not of small order; A lies in the subgroup of prime order L ([L]A = identity, checked once
 * per distinct key and cached); S &lt; L; and [S]B = R + [k]A with k = SHA-512(R || A || M).
 * libsodium and the JDK check that equation as it stands (cofactorless); BouncyCastle checks it
 * multiplied by the cofactor 8 and therefore also requires R to lie in the prime-order subgroup.
 * With A and R both torsion-free the two forms are equivalent.
 */
public interface Ed25519 {

  int SEED_BYTES = 32;
  int PUBLIC_KEY_BYTES = 32;
  int SIGNATURE_BYTES = 64;

  /** A short name for logs and benchmarks, e.g. "libsodium". */
  String name();

  /** The public key that belongs to a 32-byte private seed. */
  byte[] publicKey(byte[] seed);

  /**
   * A signer for one key. Implementations precompute what they can, so a signer should be kept and
   * reused rather than created per message.
   */
  Signer signer(byte[] seed);

  /**
   * Whether {@code signature} is a valid signature of {@code message} under {@code publicKey}.
   * Malformed input (wrong lengths, non-canonical points) yields {@code false}, never an exception.
   */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
