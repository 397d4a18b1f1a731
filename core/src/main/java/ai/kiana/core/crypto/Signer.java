package ai.kiana.core.crypto;

/** Signs messages with one private key. Thread-safe. */
public interface Signer {

  /** The 32-byte public key of this signer (a copy). */
  byte[] publicKey();

  /** The 64-byte Ed25519 signature of {@code message}. */
  byte[] sign(byte[] message);
}
