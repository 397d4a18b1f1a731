package ai.kiana.core.identity;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads and writes a raw 32-byte private key (Ed25519 or X25519) as PKCS#8 PEM (RFC 8410), the
 * format OpenSSL and most tools understand: {@code openssl pkey -in node.key -pubout} prints the
 * node's public key.
 */
public final class PrivateKeyPem {

  /** Which RFC 8410 key a PEM holds: the DER prefix of its PKCS#8 OneAsymmetricKey (section 7). */
  public enum Kind {
    ED25519("302e020100300506032b657004220420"),
    X25519("302e020100300506032b656e04220420");

    private final byte[] prefix;

    Kind(String prefixHex) {
      this.prefix = HexFormat.of().parseHex(prefixHex);
    }
  }

  private static final String LABEL = "PRIVATE KEY";
  private static final String BEGIN = "-----BEGIN " + LABEL + "-----";
  private static final String END = "-----END " + LABEL + "-----";

  private PrivateKeyPem() {}

  /** An Ed25519 seed as PEM. */
  public static String encode(byte[] seed) {
    return encode(Kind.ED25519, seed);
  }

  public static String encode(Kind kind, byte[] key) {
    byte[] der = Arrays.copyOf(kind.prefix, kind.prefix.length + key.length);
    System.arraycopy(key, 0, der, kind.prefix.length, key.length);
    return BEGIN + "\n" + Base64.getEncoder().encodeToString(der) + "\n" + END + "\n";
  }

  /**
   * The 32-byte Ed25519 seed in a PEM text.
   *
   * @throws IllegalArgumentException if the text is not a PKCS#8 Ed25519 private key
   */
  public static byte[] decode(String pem) {
    return decode(Kind.ED25519, pem);
  }

  /**
   * The 32-byte key of {@code kind} in a PEM text.
   *
   * @throws IllegalArgumentException if the text is not a PKCS#8 private key of that kind
   */
  public static byte[] decode(Kind kind, String pem) {
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
    if (der.length != kind.prefix.length + 32
        || !Arrays.equals(Arrays.copyOf(der, kind.prefix.length), kind.prefix)) {
      throw new IllegalArgumentException(
          "PEM private key is not an " + (kind == Kind.ED25519 ? "Ed25519" : "X25519") + " key");
    }
    return Arrays.copyOfRange(der, kind.prefix.length, der.length);
  }
}
