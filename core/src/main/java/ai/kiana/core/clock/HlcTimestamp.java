package ai.kiana.core.clock;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter that orders
 * events within the same millisecond and across devices whose clocks disagree.
 *
 * <p>Written as {@code 2026-11-25T13:11:00.123Z-0001}: UTC with exactly three fraction digits, a
 * dash and the counter as four lowercase hex digits. Fixed width, so the text sorts like the
 * timestamp; a string rather than a number because JSON numbers lose precision above 2^53.
 */
public record HlcTimestamp(long millis, int counter) implements Comparable<HlcTimestamp> {

  public static final int MAX_COUNTER = 0xffff;
  public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

  private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int TEXT_LENGTH = 29;

  public HlcTimestamp {
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException("timestamp outside years 1970..9999");
    }
    if (counter < 0 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException("HLC counter outside 0..ffff");
    }
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static HlcTimestamp parse(String text) {
    if (text == null
        || text.length() != TEXT_LENGTH
        || text.charAt(23) != 'Z'
        || text.charAt(24) != '-') {
      throw new IllegalArgumentException(
          "timestamp must look like 2026-11-25T13:11:00.123Z-0000, got " + quote(text));
    }
    try {
      long millis = Instant.from(FORMAT.parse(text.substring(0, 24))).toEpochMilli();
      int counter = Integer.parseInt(text.substring(25), 16);
      if (!text.substring(25).equals(String.format("%04x", counter))) {
        throw new NumberFormatException();
      }
      return new HlcTimestamp(millis, counter);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "timestamp must look like 2026-11-25T13:11:00.123Z-0000, got " + quote(text));
    }
  }

  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public int compareTo(HlcTimestamp o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : Integer.compare(counter, o.counter);
  }

  public boolean isAfter(HlcTimestamp o) {
    return compareTo(o) > 0;
  }

  @Override
  public String toString() {
    return FORMAT.format(Instant.ofEpochMilli(millis)) + "-" + String.format("%04x", counter);
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
  }
}
