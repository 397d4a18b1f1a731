package ai.kiana.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;

/** Runs {@code kiana} in-process, as a user would from a shell, with captured output. */
final class Kiana {

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {

    String outLine() {
      return out.strip();
    }
  }

  private final Map<String, String> env;
  private final Path dataDir;

  private Kiana(Path dataDir, Map<String, String> env) {
    this.dataDir = dataDir;
    this.env = env;
  }

  /**
   * Every run gets {@code --data-dir dataDir} (after the command words) and an empty environment.
   */
  static Kiana in(Path dataDir) {
    return new Kiana(dataDir, Map.of());
  }

  /** No --data-dir is added; the environment decides. */
  static Kiana withEnv(Map<String, String> env) {
    return new Kiana(null, env);
  }

  Path dataDir() {
    return dataDir;
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String stdin, String... args) {
    return runWithSignal(stdin, new StopSignal.Jvm(), args);
  }

  Result runWithSignal(String stdin, StopSignal signal, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (dataDir != null) {
      all.add("--data-dir");
      all.add(dataDir.toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            all.toArray(String[]::new),
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            out,
            err,
            signal,
            Help.Ansi.OFF);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs and insists on exit 0, so a test fails with the command's own message. */
  Result ok(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "kiana " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.err());
    }
    return r;
  }
}
