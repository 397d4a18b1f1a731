package ai.kiana.core.crypto;

/** Argument checks shared by the Ed25519 engines, so they all reject bad seeds the same way. */
final class Ed25519Keys {

  private Ed25519Keys() {}

  static void requireSeed(byte[] seed) {
    if (seed == null) {
      throw new IllegalArgumentException("Ed25519 seed is null; expected 32 bytes");
    }
    if (seed.length != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 seed has " + seed.length + " bytes; expected " + Ed25519.SEED_BYTES);
    }
  }

  /** Whether the verify inputs have the shapes every engine accepts; if not, verify is false. */
  static boolean wellFormed(byte[] publicKey, byte[] message, byte[] signature) {
    return publicKey != null
        && publicKey.length == Ed25519.PUBLIC_KEY_BYTES
        && signature != null
        && signature.length == Ed25519.SIGNATURE_BYTES
        && message != null;
  }
}
