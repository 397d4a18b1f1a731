package ai.kiana.cli;

/** The exit codes of {@code kiana}. Stable: scripts rely on them. */
final class ExitCode {

  /** Done as asked. */
  static final int OK = 0;

  /** The command ran but found a problem, e.g. blocks that do not verify or were rejected. */
  static final int FAILURE = 1;

  /** The command line is wrong: unknown command or flag, malformed value. */
  static final int USAGE = 2;

  /** A named thing does not exist: a block, a file. */
  static final int NOT_FOUND = 3;

  /** The data directory, key, database, configuration or a backup is missing, damaged or busy. */
  static final int DATA = 4;

  private ExitCode() {}
}
