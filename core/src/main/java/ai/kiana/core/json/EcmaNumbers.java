package ai.kiana.core.json;

import java.math.BigDecimal;

/**
 * Writes doubles the way ECMAScript's {@code Number.prototype.toString()} does (ECMA-262,
 * Number::toString), which RFC 8785 section 3.2.2.3 prescribes for canonical JSON.
 *
 * <p>The shortest round-trip digits come from {@link Double#toString(double)}, which is specified
 * to produce them since JDK 19; only the placement of the decimal point and exponent differs from
 * ECMAScript and is redone here.
 */
final class EcmaNumbers {

  /** Enough room for any output, e.g. "-1.7976931348623157e+308" or "-0.0000012345678901234567". */
  static final int MAX_LENGTH = 32;

  private static final double EXACT_INTEGERS = 0x1p53;

  private EcmaNumbers() {}

  /**
   * Writes {@code value} into {@code out} at {@code pos} and returns the position after it. The
   * value must be finite; {@code out} must have {@link #MAX_LENGTH} bytes free at {@code pos}.
   */
  static int write(double value, byte[] out, int pos) {
    if (value == 0) {
      out[pos] = '0'; // both +0 and -0, as in ECMAScript
      return pos + 1;
    }
    double magnitude = value;
    if (value < 0) {
      out[pos++] = '-';
      magnitude = -value;
    }
    // Integers below 2^53 are exact and print as all their digits: no need for Double.toString.
    if (magnitude < EXACT_INTEGERS && magnitude == Math.rint(magnitude)) {
      return writeLong((long) magnitude, out, pos);
    }
    return writeShortest(magnitude, out, pos);
  }

  /** Writes a long in decimal; used for integers that are exact as doubles. */
  static int writeLong(long value, byte[] out, int pos) {
    if (value < 0) {
      out[pos++] = '-';
      value = -value; // callers only pass |value| <= 2^53, so no overflow
    }
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    return end;
  }

  private static int writeShortest(double magnitude, byte[] out, int pos) {
    // Decompose Double.toString's output ("123.45", "1.0E-7") into significant digits and n,
    // the decimal exponent with value = 0.<digits> * 10^n (ECMA-262's k and n).
    String text = Double.toString(magnitude);
    byte[] digits = new byte[20];
    int k = 0;
    int seen = 0;
    int pointAt = -1;
    int leadingZeros = 0;
    int exponent = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        pointAt = seen;
      } else if (c == 'E') {
        exponent = Integer.parseInt(text, i + 1, text.length(), 10);
        break;
      } else {
        seen++;
        if (k == 0 && c == '0') {
          leadingZeros++;
        } else {
          digits[k++] = (byte) c;
        }
      }
    }
    while (k > 1 && digits[k - 1] == '0') {
      k--;
    }
    int n = (pointAt < 0 ? seen : pointAt) - leadingZeros + exponent;

    // When one digit suffices, the JDK may still print two if that decimal is closer (e.g.
    // 4.9E-324); ECMAScript takes the shortest. That needs a rounding interval wider than a tenth
    // of the leading digit's unit, which only happens for subnormals.
    if (k == 2 && magnitude < Double.MIN_NORMAL) {
      int lower = digits[0] - '0';
      int chosen = OneDigit.choose(magnitude, lower, n - 1);
      if (chosen == 10) {
        digits[0] = '1';
        k = 1;
        n++;
      } else if (chosen > 0) {
        digits[0] = (byte) ('0' + chosen);
        k = 1;
      }
    }
    return layout(digits, k, n, out, pos);
  }

  /** ECMA-262 Number::toString steps 6 to 12, for a positive value 0.d1..dk * 10^n. */
  private static int layout(byte[] digits, int k, int n, byte[] out, int pos) {
    if (k <= n && n <= 21) {
      System.arraycopy(digits, 0, out, pos, k);
      pos += k;
      for (int i = k; i < n; i++) {
        out[pos++] = '0';
      }
    } else if (0 < n && n <= 21) {
      System.arraycopy(digits, 0, out, pos, n);
      pos += n;
      out[pos++] = '.';
      System.arraycopy(digits, n, out, pos, k - n);
      pos += k - n;
    } else if (-6 < n && n <= 0) {
      out[pos++] = '0';
      out[pos++] = '.';
      for (int i = n; i < 0; i++) {
        out[pos++] = '0';
      }
      System.arraycopy(digits, 0, out, pos, k);
      pos += k;
    } else {
      out[pos++] = digits[0];
      if (k > 1) {
        out[pos++] = '.';
        System.arraycopy(digits, 1, out, pos, k - 1);
        pos += k - 1;
      }
      out[pos++] = 'e';
      int e = n - 1;
      out[pos++] = (byte) (e < 0 ? '-' : '+');
      pos = writeLong(Math.abs(e), out, pos);
    }
    return pos;
  }

  /** The rare subnormal case, kept apart because it needs exact decimal arithmetic. */
  private static final class OneDigit {

    /**
     * Which single digit d (1..10) with d * 10^scale rounds to {@code magnitude}, preferring the
     * closer one; 0 if neither neighbour does. An exact tie cannot occur: the midpoint has a factor
     * 5^-324 in it, which no binary fraction has.
     */
    static int choose(double magnitude, int lower, int scale) {
      BigDecimal low = BigDecimal.valueOf(lower, -scale);
      BigDecimal high = BigDecimal.valueOf(lower + 1L, -scale);
      boolean lowFits = Double.parseDouble(low.toString()) == magnitude;
      boolean highFits = Double.parseDouble(high.toString()) == magnitude;
      if (lowFits && highFits) {
        BigDecimal exact = new BigDecimal(magnitude);
        return exact.subtract(low).compareTo(high.subtract(exact)) < 0 ? lower : lower + 1;
      }
      return lowFits ? lower : highFits ? lower + 1 : 0;
    }
  }
}
