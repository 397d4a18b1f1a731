package ai.kiana.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return: {@code [#####-----]
 * 12/40 name}. Prints nothing for a single item, where it would only flicker.
 */
final class ProgressBar {

  static final int WIDTH = 30;

  private final PrintWriter err;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  void update(long done, long total, String label) {
    if (total <= 1) {
      return;
    }
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    String name = label.length() > 40 ? "…" + label.substring(label.length() - 39) : label;
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %d/%d %-40s",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            done,
            total,
            name));
    err.flush();
    drawn = true;
  }

  /** Ends the bar's line, so that what follows starts on a new one. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
