package ai.kiana.core.json;

/**
 * Text that is not acceptable JSON, or a JSON tree that has no canonical form. The message is meant
 * for people: it says what is wrong and where (line and column for text, a JSON Pointer for trees)
 * and never names parser internals.
 */
public final class JsonFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long line;
  private final long column;
  private final String pointer;

  private JsonFormatException(
      String message, long line, long column, String pointer, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
    this.pointer = pointer;
  }

  /** A problem in JSON text at a 1-based line and column (either may be -1 when unknown). */
  static JsonFormatException inText(String problem, long line, long column, Throwable cause) {
    String where = line > 0 ? " at line " + line + ", column " + Math.max(column, 1) : "";
    return new JsonFormatException(
        "invalid JSON" + where + ": " + problem, line, column, null, cause);
  }

  /** A problem at a node of a JSON tree, located by its RFC 6901 JSON Pointer. */
  static JsonFormatException inTree(String problem, String pointer) {
    String where = pointer.isEmpty() ? "the root" : pointer;
    return new JsonFormatException(
        "JSON value at " + where + " cannot be canonicalized: " + problem, -1, -1, pointer, null);
  }

  /** The 1-based line of the problem in JSON text, or -1 if unknown or not about text. */
  public long line() {
    return line;
  }

  /** The 1-based column of the problem in JSON text, or -1 if unknown or not about text. */
  public long column() {
    return column;
  }

  /** The JSON Pointer of the offending node in a tree, or {@code null} if about text. */
  public String pointer() {
    return pointer;
  }
}
