package ai.kiana.server.backup;

/**
 * A backup cannot be written or restored: the file is damaged or of an unknown format, or the
 * restore target is not empty. Says what is wrong and, in {@link #hint()}, what the user can do.
 */
public final class BackupException extends RuntimeException {

  private final String hint;

  public BackupException(String problem, String hint) {
    super(problem);
    this.hint = hint;
  }

  public BackupException(String problem, String hint, Throwable cause) {
    super(problem, cause);
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
