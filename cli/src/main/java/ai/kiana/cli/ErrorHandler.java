package ai.kiana.cli;

import ai.kiana.ai.documents.DocumentException;
import ai.kiana.ai.embedding.EmbeddingException;
import ai.kiana.core.block.BlockConflictException;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.server.backup.BackupException;
import ai.kiana.server.node.ConfigException;
import ai.kiana.server.node.NodeSetupException;
import ai.kiana.store.index.IndexException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where errors become exit codes and messages: one line on stderr, starting with
 * {@code kiana:}, never a stack trace unless {@code --verbose} or {@code KIANA_DEBUG=1} asks for
 * it.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final String PREFIX = "kiana: ";

  /** An exit code and the line that explains it. */
  record Outcome(int exitCode, String message) {}

  private final BooleanSupplier debug;

  ErrorHandler(BooleanSupplier debug) {
    this.debug = debug;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    StringBuilder line = new StringBuilder(oneLine(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        line.append("; did you mean ")
            .append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))))
            .append('?');
      }
    }
    line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
    print(cmd.getErr(), line.toString(), ex);
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Outcome outcome = classify(ex);
    print(cmd.getErr(), outcome.message(), ex);
    return outcome.exitCode();
  }

  /** Maps what went wrong to an exit code and a message for people. */
  static Outcome classify(Throwable ex) {
    return switch (ex) {
      case CliException e -> new Outcome(e.exitCode(), withHint(e.getMessage(), e.hint()));
      case DocumentException e ->
          new Outcome(
              e.kind() == DocumentException.Kind.UNSUPPORTED
                      || e.kind() == DocumentException.Kind.BAD_NAME
                  ? ExitCode.USAGE
                  : ExitCode.DATA,
              e.getMessage());
      case EmbeddingException e -> new Outcome(ExitCode.DATA, "embedding: " + e.getMessage());
      case IndexException e -> new Outcome(ExitCode.DATA, e.getMessage());
      case BlockNotFoundException e -> new Outcome(ExitCode.NOT_FOUND, "no block " + e.id().hex());
      case InvalidBlockException e -> new Outcome(ExitCode.USAGE, e.getMessage());
      case BlockConflictException e -> new Outcome(ExitCode.FAILURE, e.getMessage());
      case NodeSetupException e -> new Outcome(ExitCode.DATA, withHint(e.getMessage(), e.hint()));
      case BackupException e -> new Outcome(ExitCode.DATA, withHint(e.getMessage(), e.hint()));
      case ConfigException e -> new Outcome(ExitCode.DATA, e.getMessage());
      case StoreException e -> new Outcome(ExitCode.DATA, "block store: " + e.getMessage());
      case JsonFormatException e -> new Outcome(ExitCode.DATA, "not valid JSON: " + e.getMessage());
      case UncheckedIOException e -> io(e.getCause(), e.getMessage());
      case IllegalArgumentException e -> new Outcome(ExitCode.USAGE, e.getMessage());
      case IOException e -> io(e, e.getMessage());
      default ->
          new Outcome(
              ExitCode.FAILURE,
              "unexpected error: "
                  + (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName())
                  + " (run with --verbose for details)");
    };
  }

  private static Outcome io(IOException cause, String context) {
    return switch (cause) {
      case NoSuchFileException e -> new Outcome(ExitCode.NOT_FOUND, "no such file: " + e.getFile());
      case AccessDeniedException e ->
          new Outcome(ExitCode.DATA, "permission denied: " + e.getFile());
      case FileAlreadyExistsException e ->
          new Outcome(ExitCode.DATA, "already exists: " + e.getFile());
      case NotDirectoryException e -> new Outcome(ExitCode.DATA, "not a directory: " + e.getFile());
      case FileSystemException e -> new Outcome(ExitCode.DATA, e.getFile() + ": " + e.getReason());
      default ->
          new Outcome(
              ExitCode.DATA,
              context == null || context.startsWith(cause.getClass().getName())
                  ? String.valueOf(cause.getMessage())
                  : context);
    };
  }

  private void print(PrintWriter err, String message, Throwable ex) {
    err.println(PREFIX + oneLine(message));
    if (debug.getAsBoolean()) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  private static String withHint(String message, String hint) {
    return hint == null || hint.isBlank() ? message : message + "; " + hint;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
