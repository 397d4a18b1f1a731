package ai.kiana.core.identity;

import ai.kiana.core.crypto.Sha256;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A device's identity: the SHA-256 of its Ed25519 public key.
 *
 * <p>On the wire and in blocks it is written as 64 lowercase hex characters ({@link #hex()}). For
 * people it is shown in a grouped base32 form with one check character per group of 13 ({@link
 * #display()}), e.g. {@code ABCDEFG-HIJKLMN-...}; {@link #parse(String)} accepts both and detects a
 * mistyped character or a swap of two neighbours in the grouped form.
 */
public record DeviceId(String hex) implements Comparable<DeviceId> {

  public static final int BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();

  public DeviceId {
    if (hex == null || hex.length() != 2 * BYTES || !isLowerHex(hex)) {
      throw new IllegalArgumentException("a device ID is 64 lowercase hex characters");
    }
  }

  /** The device ID that belongs to a 32-byte Ed25519 public key. */
  public static DeviceId ofPublicKey(byte[] publicKey) {
    return new DeviceId(HEX.formatHex(Sha256.digest(publicKey)));
  }

  /**
   * Parses a device ID written as 64 hex characters or in the grouped display form (case, dashes
   * and spaces do not matter).
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. a check character that does not
   *     match
   */
  public static DeviceId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty device ID");
    }
    String compact = text.strip().replace("-", "").replace(" ", "");
    if (compact.length() == 2 * BYTES && isHex(compact)) {
      return new DeviceId(compact.toLowerCase(Locale.ROOT));
    }
    return new DeviceId(HEX.formatHex(DeviceIdCode.decode(compact.toUpperCase(Locale.ROOT))));
  }

  public byte[] bytes() {
    return HEX.parseHex(hex);
  }

  /** The grouped, check-charactered form for people: 8 groups of 7 base32 characters. */
  public String display() {
    return DeviceIdCode.encode(bytes());
  }

  /** The first group of the display form: enough to tell a handful of devices apart. */
  public String shortForm() {
    return display().substring(0, 7);
  }

  /** Whether this is the ID of {@code publicKey}. */
  public boolean matches(byte[] publicKey) {
    return Arrays.equals(bytes(), Sha256.digest(publicKey));
  }

  @Override
  public int compareTo(DeviceId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(String s) {
    return isLowerHex(s.toLowerCase(Locale.ROOT));
  }
}
