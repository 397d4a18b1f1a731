package ai.kiana.core.ledger.scenario;

/**
 * The outcome of one scenario: whether the actual result matched the expected one, and both in
 * words ({@code validators A, B, C} or {@code error recently-signed}).
 *
 * @param detail where and why the run stopped when a block was rejected (for FAIL lines), or ""
 */
public record ScenarioResult(
    String name, boolean passed, String expected, String actual, String detail) {

  /**
   * One line for the CLI: {@code PASS <name> -> <actual>}, or on failure {@code FAIL <name> ->
   * <actual> (expected <expected>); <detail>}.
   */
  public String line() {
    String line = (passed ? "PASS  " : "FAIL  ") + name + " -> " + actual;
    if (!passed) {
      line += " (expected " + expected + ")" + (detail.isEmpty() ? "" : "; " + detail);
    }
    return line;
  }
}
