package ai.kiana.core.ledger;

import java.util.HexFormat;

/** Checks for the hex forms used in ledger data: hashes, keys and signatures. */
final class LedgerHex {

  static final HexFormat HEX = HexFormat.of();
  static final String ZERO_HASH = "0".repeat(64);

  private LedgerHex() {}

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidLedgerDataException(field, "missing");
    }
    return value;
  }

  static boolean isLowerHex(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static String requireHash(String field, String value) {
    if (!isLowerHex(value, 64)) {
      throw new InvalidLedgerDataException(field, "must be 64 lowercase hex characters");
    }
    return value;
  }

  static String requireKey(String field, String value) {
    if (!isLowerHex(value, 64)) {
      throw new InvalidLedgerDataException(
          field, "an Ed25519 public key is 64 lowercase hex characters");
    }
    return value;
  }

  static String requireSignature(String field, String value) {
    if (!isLowerHex(value, 128)) {
      throw new InvalidLedgerDataException(
          field, "an Ed25519 signature is 128 lowercase hex characters");
    }
    return value;
  }

  /** Non-negative and exactly representable in a JSON number (and so in canonical JSON). */
  static long requireSafeInteger(String field, long value, long min) {
    if (value < min || value > LedgerLimits.MAX_SAFE_INTEGER) {
      throw new InvalidLedgerDataException(
          field, "must be an integer from " + min + " to 2^53-1, not " + value);
    }
    return value;
  }

  /** Printable text of at most {@code max} characters: no control characters. */
  static String requireText(String field, String value, int min, int max) {
    if (value == null) {
      throw new InvalidLedgerDataException(field, "missing");
    }
    if (value.length() < min || value.length() > max) {
      throw new InvalidLedgerDataException(
          field, "must be " + min + " to " + max + " characters long");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidLedgerDataException(field, "must not contain control characters");
      }
    }
    return value;
  }
}
