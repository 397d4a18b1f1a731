package ai.kiana.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 through the JDK's own provider ({@code Signature "Ed25519"}). Always available, but about
 * twenty times slower than libsodium; kept as the last fallback and as an independent reference in
 * tests.
 *
 * <p>Seeds of the wrong length are rejected with {@link IllegalArgumentException}.
 */
public final class JdkEd25519 implements Ed25519 {

  private static final String ALGORITHM = "Ed25519";

  // Signature and KeyFactory objects are not thread-safe but are costly to look up per call.
  private static final ThreadLocal<Signature> SIGNATURE =
      ThreadLocal.withInitial(() -> lookUp(() -> Signature.getInstance(ALGORITHM)));
  private static final ThreadLocal<KeyFactory> KEY_FACTORY =
      ThreadLocal.withInitial(() -> lookUp(() -> KeyFactory.getInstance(ALGORITHM)));

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    Ed25519Inputs.requireSeed(seed);
    // The JDK has no "public key of this private key" call. Its key pair generator draws the
    // 32-byte private key from the SecureRandom it is given, so a source that yields exactly the
    // seed makes it derive the public key for us.
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      EdECPublicKey publicKey = (EdECPublicKey) generator.generateKeyPair().getPublic();
      return encode(publicKey.getPoint());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK Ed25519 key derivation failed", e);
    }
  }

  @Override
  public Signer signer(byte[] seed) {
    byte[] publicKey = publicKey(seed);
    try {
      PrivateKey privateKey =
          KEY_FACTORY
              .get()
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
      return new JdkSigner(privateKey, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK rejected an Ed25519 private key", e);
    }
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (!Ed25519Inputs.acceptable(publicKey, message, signature)) {
      return false;
    }
    try {
      PublicKey key =
          KEY_FACTORY
              .get()
              .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey)));
      Signature verifier = SIGNATURE.get();
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Points off the curve and non-canonical encodings surface as exceptions here.
      return false;
    }
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * RFC 8032 section 5.1.2 encoding: y as 32 little-endian bytes, with the parity of x in the top
   * bit of the last byte.
   */
  static byte[] encode(EdECPoint point) {
    byte[] bigEndian = point.getY().toByteArray();
    byte[] encoded = new byte[PUBLIC_KEY_BYTES];
    for (int i = 0; i < bigEndian.length && i < PUBLIC_KEY_BYTES; i++) {
      encoded[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      encoded[PUBLIC_KEY_BYTES - 1] |= (byte) 0x80;
    }
    return encoded;
  }

  /** The inverse of {@link #encode}; does not check that the point is on the curve. */
  static EdECPoint decode(byte[] encoded) {
    byte[] bigEndian = new byte[PUBLIC_KEY_BYTES];
    for (int i = 0; i < PUBLIC_KEY_BYTES; i++) {
      bigEndian[i] = encoded[PUBLIC_KEY_BYTES - 1 - i];
    }
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
  }

  private interface Lookup<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T lookUp(Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 support", e);
    }
  }

  private static final class JdkSigner implements Signer {
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    JdkSigner(PrivateKey privateKey, byte[] publicKey) {
      this.privateKey = privateKey;
      this.publicKey = publicKey;
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      try {
        Signature signer = SIGNATURE.get();
        signer.initSign(privateKey);
        signer.update(message);
        return signer.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("JDK Ed25519 signing failed", e);
      }
    }
  }

  /** A SecureRandom that hands out one fixed seed; used only for key derivation above. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for " + out.length + " random bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
