package ai.kiana.core.identity;

/**
 * The human-checkable form of a 32-byte device ID: RFC 4648 base32 without padding (52 characters),
 * split into four runs of 13, each followed by a Luhn mod 32 check character, shown as eight
 * dash-separated groups of seven.
 *
 * <p>Luhn mod N catches every single mistyped character and nearly every swap of two adjacent
 * characters within a run, the two mistakes people make when they read an ID aloud or copy it by
 * hand.
 */
final class DeviceIdCode {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int RUN = 13;
  private static final int RUNS = 4;
  private static final int GROUP = 7;
  private static final int BASE32_CHARS = RUN * RUNS;

  private DeviceIdCode() {}

  static String encode(byte[] id) {
    String base32 = base32(id);
    StringBuilder withChecks = new StringBuilder(BASE32_CHARS + RUNS);
    for (int r = 0; r < RUNS; r++) {
      String run = base32.substring(r * RUN, (r + 1) * RUN);
      withChecks.append(run).append(checkChar(run));
    }
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < withChecks.length(); i += GROUP) {
      if (i > 0) {
        grouped.append('-');
      }
      grouped.append(withChecks, i, i + GROUP);
    }
    return grouped.toString();
  }

  /** Decodes the compact (no dashes), upper-case form and checks every check character. */
  static byte[] decode(String compact) {
    if (compact.length() != BASE32_CHARS + RUNS) {
      throw new IllegalArgumentException(
          "a device ID has 56 characters in 8 groups of 7 (or 64 hex characters); got "
              + compact.length());
    }
    StringBuilder base32 = new StringBuilder(BASE32_CHARS);
    for (int r = 0; r < RUNS; r++) {
      String run = compact.substring(r * (RUN + 1), r * (RUN + 1) + RUN);
      char check = compact.charAt(r * (RUN + 1) + RUN);
      for (int i = 0; i < run.length(); i++) {
        if (ALPHABET.indexOf(run.charAt(i)) < 0) {
          throw new IllegalArgumentException(
              "'" + run.charAt(i) + "' is not a device ID character (A-Z, 2-7)");
        }
      }
      if (checkChar(run) != check) {
        throw new IllegalArgumentException(
            "device ID group "
                + (r * 2 + 1)
                + "-"
                + (r * 2 + 2)
                + " does not check out: mistyped?");
      }
      base32.append(run);
    }
    return unbase32(base32.toString());
  }

  /** Luhn mod 32 over the base32 alphabet. */
  static char checkChar(String run) {
    int factor = 2;
    int sum = 0;
    for (int i = run.length() - 1; i >= 0; i--) {
      int addend = factor * ALPHABET.indexOf(run.charAt(i));
      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
    return ALPHABET.charAt((32 - sum % 32) % 32);
  }

  private static String base32(byte[] data) {
    StringBuilder out = new StringBuilder(BASE32_CHARS);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private static byte[] unbase32(String text) {
    byte[] out = new byte[DeviceId.BYTES];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      buffer = (buffer << 5) | ALPHABET.indexOf(text.charAt(i));
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("device ID has stray bits at the end: mistyped?");
    }
    return out;
  }
}
