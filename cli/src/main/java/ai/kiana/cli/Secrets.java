package ai.kiana.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a password or kill phrase comes from: a file (its first line), an environment variable, or
 * the terminal (asked twice when new, never echoed). Never from a command-line argument, which
 * other users could read in the process list.
 */
final class Secrets {

  private Secrets() {}

  /**
   * @return the secret, or null if no source gave one
   * @throws CliException if the file cannot be read or the two entries differ
   */
  static String read(CliContext ctx, Path file, String envVar, String prompt, boolean confirm) {
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        return first;
      } catch (NoSuchFileException e) {
        throw CliException.notFound("no such file: " + file);
      } catch (IOException e) {
        throw CliException.data("cannot read " + file + ": " + e.getMessage(), null);
      }
    }
    if (envVar != null) {
      String v = ctx.env().get(envVar);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    Console console = ctx.stdin() == System.in ? System.console() : null;
    if (console == null) {
      return null;
    }
    char[] first = console.readPassword("%s: ", prompt);
    if (first == null) {
      return null;
    }
    if (confirm) {
      char[] again = console.readPassword("Again: ");
      if (again == null || !Arrays.equals(first, again)) {
        throw CliException.usage("the two entries differ");
      }
    }
    return new String(first);
  }

  /** As {@link #read}, but a missing secret is a usage error naming the ways to give one. */
  static String require(
      CliContext ctx, Path file, String envVar, String prompt, boolean confirm, String flag) {
    String s = read(ctx, file, envVar, prompt, confirm);
    if (s == null) {
      throw CliException.usage(
          "no "
              + prompt.toLowerCase(java.util.Locale.ROOT)
              + " given: use "
              + flag
              + " <file>"
              + (envVar == null ? "" : " or env " + envVar)
              + ", or run on a terminal");
    }
    return s;
  }

  static CliException fromAuth(ai.kiana.server.auth.AuthException e) {
    return switch (e.kind()) {
      case INVALID -> CliException.usage(e.getMessage());
      case NOT_FOUND -> CliException.notFound(e.getMessage());
      default -> CliException.failure(e.getMessage());
    };
  }
}
