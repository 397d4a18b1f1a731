package ai.kiana.core.crypto;

import com.goterl.lazysodium.Sodium;

/**
 * Ed25519 through libsodium (the native library bundled in lazysodium-java, called through JNA
 * direct mapping with raw byte arrays).
 *
 * <p>Construction loads the native library and may therefore throw {@link LinkageError} (no library
 * for this platform, native access denied) or {@link RuntimeException} (extraction or {@code
 * sodium_init} failed); {@link Ed25519Engines} turns that into a fallback. Seeds of the wrong
 * length are rejected with {@link IllegalArgumentException}.
 */
public final class SodiumEd25519 implements Ed25519 {

  /** libsodium's secret key is seed || public key. */
  private static final int SODIUM_SECRET_KEY_BYTES = SEED_BYTES + PUBLIC_KEY_BYTES;

  private final Sodium sodium;

  /**
   * Loads libsodium (once per JVM), always the copy bundled in the jar: every node then verifies
   * with the same libsodium version, whatever the operating system ships.
   */
  public SodiumEd25519() {
    this.sodium = SodiumLibrary.get();
  }

  @Override
  public String name() {
    return "libsodium";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    return keyPair(seed)[0];
  }

  @Override
  public Signer signer(byte[] seed) {
    byte[][] keys = keyPair(seed);
    return new SodiumSigner(sodium, keys[0], keys[1]);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return Ed25519Inputs.acceptable(publicKey, message, signature)
        && sodium.crypto_sign_verify_detached(signature, message, message.length, publicKey) == 0;
  }

  private byte[][] keyPair(byte[] seed) {
    Ed25519Inputs.requireSeed(seed);
    byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
    byte[] secretKey = new byte[SODIUM_SECRET_KEY_BYTES];
    if (sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed) != 0) {
      throw new IllegalStateException("libsodium could not derive a key pair from the seed");
    }
    return new byte[][] {publicKey, secretKey};
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class SodiumSigner implements Signer {
    private final Sodium sodium;
    private final byte[] publicKey;
    private final byte[] secretKey;

    SodiumSigner(Sodium sodium, byte[] publicKey, byte[] secretKey) {
      this.sodium = sodium;
      this.publicKey = publicKey;
      this.secretKey = secretKey;
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[SIGNATURE_BYTES];
      // The secret key already holds seed || pk, so libsodium does not re-derive the public key.
      if (sodium.crypto_sign_detached(signature, null, message, message.length, secretKey) != 0) {
        throw new IllegalStateException("libsodium failed to sign");
      }
      return signature;
    }
  }
}
