package ai.kiana.net.connections;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's TLS certificate: self-signed with the node's own Ed25519 key, so the key the TLS
 * handshake proves possession of is the key whose SHA-256 is the device ID. Nothing else in the
 * certificate is trusted; the subject only helps people reading packet dumps.
 */
public record DeviceCertificate(X509Certificate certificate, PrivateKey privateKey) {

  /** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410). */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** X.509 SubjectPublicKeyInfo wrapping of a raw Ed25519 public key. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  public static DeviceCertificate of(NodeIdentity identity) {
    byte[] seed = identity.exportSeed();
    byte[] pkcs8 = new byte[PKCS8_PREFIX.length + seed.length];
    System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
    System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, seed.length);
    Arrays.fill(seed, (byte) 0);
    try {
      KeyFactory keys = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey publicKey =
          keys.generatePublic(new java.security.spec.X509EncodedKeySpec(spki(identity)));
      X500Name name = new X500Name("CN=" + identity.deviceId().hex());
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              publicKey);
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("Ed25519").build(privateKey)));
      return new DeviceCertificate(cert, privateKey);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot make this node's TLS certificate", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static byte[] spki(NodeIdentity identity) {
    byte[] key = identity.publicKey();
    byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + key.length);
    System.arraycopy(key, 0, out, SPKI_PREFIX.length, key.length);
    return out;
  }

  /**
   * The device ID a peer's certificate proves: SHA-256 of its raw Ed25519 public key.
   *
   * @throws CertificateException if it is not a self-signed Ed25519 certificate
   */
  public static DeviceId deviceOf(X509Certificate cert) throws CertificateException {
    return DeviceId.ofPublicKey(keyOf(cert));
  }

  /**
   * The raw Ed25519 key of a self-signed device certificate (whose device that is after a key
   * rotation only the ledger knows: {@link DeviceTrust#deviceFor}).
   */
  public static byte[] keyOf(X509Certificate cert) throws CertificateException {
    byte[] encoded = cert.getPublicKey().getEncoded();
    if (encoded.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new CertificateException("peer certificate does not carry an Ed25519 device key");
    }
    try {
      cert.verify(cert.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException("peer certificate is not self-signed by its key", e);
    }
    return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
  }
}
