package ai.kiana.net.messages;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305:
 * suite (0x0020, 0x0001, 0x0003). BouncyCastle's implementation, already on the classpath for the
 * device certificates, so no second crypto library is needed. Thread-safe: each call sets up its
 * own context.
 */
final class Hpke {

  /** The HPKE {@code info}: binds every key derived here to this use. */
  static final byte[] INFO = "kiana-msg v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static final int KEY_BYTES = 32;

  /** An encapsulated key ({@code enc}) and the AEAD ciphertext. */
  record Sealed(byte[] enc, byte[] ciphertext) {}

  private Hpke() {}

  private static HPKE suite() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
  }

  /**
   * @throws IllegalArgumentException if the recipient key is not a usable X25519 public key
   */
  static Sealed seal(byte[] recipientPublicKey, byte[] aad, byte[] plaintext) {
    HPKE h = suite();
    try {
      byte[][] out =
          h.seal(
              h.deserializePublicKey(recipientPublicKey), INFO, aad, plaintext, null, null, null);
      return new Sealed(out[1], out[0]);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encrypt to that key: " + e.getMessage(), e);
    }
  }

  /**
   * @throws Rejected a decline, if the ciphertext or the associated data were altered or the
   *     message was not encrypted to this key. Not an offence of whoever passed it on: the
   *     envelope's signature already vouched for the bytes, so a signed envelope that does not
   *     decrypt is the sender's doing (or was sealed to a key this device had before a restore).
   */
  static byte[] open(byte[] privateKey, byte[] publicKey, byte[] enc, byte[] aad, byte[] ct) {
    HPKE h = suite();
    try {
      AsymmetricCipherKeyPair pair = h.deserializePrivateKey(privateKey, publicKey);
      return h.open(enc, pair, INFO, aad, ct, null, null, null);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw Rejected.decline(
          "the message does not decrypt with this device's key (sealed to an older key?)");
    }
  }
}
