package ai.kiana.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 of byte arrays. Thread-safe; hex output is lowercase (the form used in block ids and
 * device ids).
 */
public final class Sha256 {

  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  // MessageDigest.getInstance walks the provider list on every call; one instance per thread
  // avoids that on the per-block hot path. digest() resets the instance after each use.
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::create);

  private Sha256() {}

  /** The 32-byte SHA-256 of {@code data}. */
  public static byte[] digest(byte[] data) {
    return DIGEST.get().digest(data);
  }

  /**
   * The 32-byte SHA-256 of {@code length} bytes of {@code data} starting at {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range does not lie within {@code data}
   */
  public static byte[] digest(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    MessageDigest digest = DIGEST.get();
    digest.update(data, offset, length);
    return digest.digest();
  }

  /** The SHA-256 of {@code data} as 64 lowercase hex digits. */
  public static String hex(byte[] data) {
    return HEX.formatHex(digest(data));
  }

  private static MessageDigest create() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }
}
