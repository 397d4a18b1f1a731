package ai.kiana.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the command name ({@code kiana --data-dir X teach
 * …} and {@code kiana teach --data-dir X …} both work): picocli copies inherited options onto every
 * subcommand and they all set these fields.
 */
final class NodeOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      scope = ScopeType.INHERIT,
      description =
          "Data directory (key, settings, database). Default: $KIANA_HOME, else"
              + " ~/.local/share/kiana.")
  Path dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "<jdbc-url>",
      scope = ScopeType.INHERIT,
      description =
          "Block store as a JDBC URL (SQLite or PostgreSQL). Default: $KIANA_DB_URL, else SQLite in"
              + " the data directory.")
  String dbUrl;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On errors, also print the stack trace (or set KIANA_DEBUG=1).")
  boolean verbose;
}
