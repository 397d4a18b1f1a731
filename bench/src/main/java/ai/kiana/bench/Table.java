package ai.kiana.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain text table with a title, aligned columns and an optional footnote, the one output format
 * of every benchmark here. Cells are strings; the static helpers format numbers the same way
 * everywhere (thousands separators, ratios as {@code 1.23x}).
 */
public final class Table {

  /** A column heading and which side its cells line up on. */
  public record Column(String heading, boolean alignRight) {}

  private final String title;
  private final List<Column> columns;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Table(String title, Column... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.title = title;
    this.columns = List.of(columns);
  }

  public static Column left(String heading) {
    return new Column(heading, false);
  }

  public static Column right(String heading) {
    return new Column(heading, true);
  }

  /**
   * Adds a row; {@code null} cells print as empty.
   *
   * @throws IllegalArgumentException if the number of cells differs from the number of columns
   */
  public Table row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          "row has "
              + cells.length
              + " cells but the table '"
              + title
              + "' has "
              + columns.size()
              + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString()).toArray(String[]::new));
    return this;
  }

  /** A line printed under the table, e.g. what the baseline was. */
  public Table note(String text) {
    notes.add(text);
    return this;
  }

  public String render() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).heading().length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("== ").append(title).append(" ==\n");
    line(out, columns.stream().map(Column::heading).toArray(String[]::new), widths);
    line(out, Arrays.stream(widths).mapToObj("-"::repeat).toArray(String[]::new), widths);
    rows.forEach(row -> line(out, row, widths));
    notes.forEach(n -> out.append("  ").append(n).append('\n'));
    return out.toString();
  }

  public void print(PrintStream out) {
    out.println(render());
    out.flush();
  }

  private void line(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[c] - cells[c].length());
      line.append(columns.get(c).alignRight() ? pad + cells[c] : cells[c] + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** A rate with thousands separators and no decimals, e.g. {@code 12,345}. */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  /** A ratio such as {@code 0.42x} or {@code 23.1x}; a dash when the baseline is missing. */
  public static String ratio(double value, double baseline) {
    if (!(baseline > 0) || Double.isNaN(value)) {
      return "-";
    }
    double r = value / baseline;
    String pattern = r >= 100 ? "%,.0fx" : r >= 10 ? "%.1fx" : "%.2fx";
    return String.format(Locale.ROOT, pattern, r);
  }

  /** A duration given in nanoseconds, in the unit that keeps it readable: ns, µs, ms or s. */
  public static String nanos(double nanos) {
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
