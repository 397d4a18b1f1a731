package ai.kiana.cli;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How blocks look in the terminal. */
final class BlockText {

  static final int DEFAULT_SUMMARY_CHARS = 60;

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-12s  %-10s  %-16s  %s";

  private BlockText() {}

  static String header() {
    return String.format(ROW, "ID", "TYPE", "CREATED (UTC)", "TITLE / TEXT");
  }

  static String row(KnowledgeBlock b) {
    return String.format(
        ROW,
        b.id().shortForm(),
        b.type().wireName(),
        MINUTES.format(b.created().instant()),
        summary(b, DEFAULT_SUMMARY_CHARS));
  }

  static String createdLong(KnowledgeBlock b) {
    return SECONDS.format(b.created().instant()) + " UTC (" + b.created() + ")";
  }

  /** The title, or else the first non-blank line of the content, cut to {@code max} characters. */
  static String summary(KnowledgeBlock b, int max) {
    return oneLine(b.title().isBlank() ? firstLine(b.content()) : b.title(), max);
  }

  /** {@code text} without control characters, cut to {@code max} characters. */
  static String oneLine(String text, int max) {
    String s = firstLine(text).replaceAll("\\p{Cntrl}", " ");
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String status(Verification v) {
    return switch (v) {
      case Verification.Valid valid -> "verified, signed by " + valid.signer().display();
      case Verification.Invalid invalid -> "INVALID: " + invalid.reason();
    };
  }

  private static String firstLine(String content) {
    for (String line : content.split("\\R")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }
}
