package ai.kiana.core.crypto;

/**
 * Ed25519 in pure Java through BouncyCastle's low-level RFC 8032 code (no JCA provider is
 * registered). The portable fallback where libsodium cannot load.
 *
 * <p>BouncyCastle verifies with the cofactored equation, libsodium and the JDK with the
 * cofactorless one. The two differ only when the public key or R has a torsion component (which
 * only a malicious signer would make). The shared rules already require a torsion-free public key;
 * this engine also requires R to be torsion-free, and then it accepts exactly what the others
 * accept (see {@link Ed25519}). The R check costs a second scalar multiplication per successful
 * verification.
 *
 * <p>Seeds of the wrong length are rejected with {@link IllegalArgumentException}.
 */
public final class BouncyCastleEd25519 implements Ed25519 {

  static {
    // Builds the base-point tables once per JVM instead of on the first signature.
    org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
  }

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    Ed25519Inputs.requireSeed(seed);
    byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public Signer signer(byte[] seed) {
    byte[] publicKey = publicKey(seed);
    return new BouncyCastleSigner(seed.clone(), publicKey);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (!Ed25519Inputs.acceptable(publicKey, message, signature)) {
      return false;
    }
    try {
      // BouncyCastle's equation is cofactored; it agrees with the cofactorless one that libsodium
      // and the JDK use only if R, too, is torsion-free. Checked second, so that a bad signature
      // costs one scalar multiplication, not two.
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
              signature, 0, publicKey, 0, message, 0, message.length)
          && Ed25519Inputs.isTorsionFree(signature, 0);
    } catch (RuntimeException e) {
      // The contract is "false, never an exception" for any malformed input.
      return false;
    }
  }

  @Override
  public String toString() {
    return name();
  }

  private static final class BouncyCastleSigner implements Signer {
    private final byte[] seed;
    private final byte[] publicKey;

    BouncyCastleSigner(byte[] seed, byte[] publicKey) {
      this.seed = seed;
      this.publicKey = publicKey;
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[SIGNATURE_BYTES];
      // Passing the public key skips one scalar multiplication per signature.
      org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
          seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
      return signature;
    }
  }
}
