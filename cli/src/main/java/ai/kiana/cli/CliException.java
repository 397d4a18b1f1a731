package ai.kiana.cli;

/**
 * A command cannot do what was asked, for a reason the user can act on. Carries the exit code and
 * an optional hint; {@link ErrorHandler} prints both on one line.
 */
final class CliException extends RuntimeException {

  private final int exitCode;
  private final String hint;

  private CliException(int exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  static CliException failure(String message) {
    return new CliException(ExitCode.FAILURE, message, null);
  }

  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message, null);
  }

  static CliException notFound(String message) {
    return new CliException(ExitCode.NOT_FOUND, message, null);
  }

  static CliException data(String message, String hint) {
    return new CliException(ExitCode.DATA, message, hint);
  }

  int exitCode() {
    return exitCode;
  }

  String hint() {
    return hint;
  }
}
