package ai.kiana.core.identity;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads and writes an Ed25519 private key as PKCS#8 PEM (RFC 8410), the format OpenSSL and most
 * tools understand: {@code openssl pkey -in node.key -pubout} prints the node's public key.
 */
public final class PrivateKeyPem {

  /** DER prefix of a PKCS#8 OneAsymmetricKey holding an Ed25519 seed (RFC 8410, section 7). */
  private static final byte[] PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PrivateKeyPem() {}

  public static String encode(byte[] seed) {
    byte[] der = Arrays.copyOf(PREFIX, PREFIX.length + seed.length);
    System.arraycopy(seed, 0, der, PREFIX.length, seed.length);
    return BEGIN + "\n" + Base64.getEncoder().encodeToString(der) + "\n" + END + "\n";
  }

  /**
   * The 32-byte seed in a PEM text.
   *
   * @throws IllegalArgumentException if the text is not a PKCS#8 Ed25519 private key
   */
  public static byte[] decode(String pem) {
    String body = pem.strip();
    if (!body.startsWith(BEGIN) || !body.endsWith(END)) {
      throw new IllegalArgumentException("not a PEM private key (expected " + BEGIN + ")");
    }
    byte[] der;
    try {
      der =
          Base64.getMimeDecoder()
              .decode(body.substring(BEGIN.length(), body.length() - END.length()).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM private key is not valid base64");
    }
    if (der.length != PREFIX.length + 32
        || !Arrays.equals(Arrays.copyOf(der, PREFIX.length), PREFIX)) {
      throw new IllegalArgumentException("PEM private key is not an Ed25519 key");
    }
    return Arrays.copyOfRange(der, PREFIX.length, der.length);
  }
}
