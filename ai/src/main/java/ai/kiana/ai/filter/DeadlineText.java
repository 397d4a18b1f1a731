package ai.kiana.ai.filter;

/**
 * Text that stops a regular expression which runs too long: user-written patterns can backtrack
 * catastrophically (e.g. {@code (a+)+$}), and the filter runs on every question and answer piece.
 * Reading a character after the deadline throws {@link TooSlow}.
 */
final class DeadlineText implements CharSequence {

  /** The match took longer than allowed. */
  static final class TooSlow extends RuntimeException {
    TooSlow() {
      super("pattern too slow", null, false, false);
    }
  }

  private final CharSequence text;
  private final long deadline;
  private int reads;

  DeadlineText(CharSequence text, long deadlineNanos) {
    this.text = text;
    this.deadline = deadlineNanos;
  }

  @Override
  public char charAt(int index) {
    // nanoTime every 1024 reads: cheap, and a runaway pattern reads millions of characters.
    if ((++reads & 1023) == 0 && System.nanoTime() - deadline > 0) {
      throw new TooSlow();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new DeadlineText(text.subSequence(start, end), deadline);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
