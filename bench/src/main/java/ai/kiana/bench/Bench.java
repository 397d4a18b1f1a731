package ai.kiana.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/** What every benchmark main shares: its one flag, the run header and scratch directories. */
final class Bench {

  static final String QUICK_FLAG = "--quick";

  private Bench() {}

  /**
   * Whether the run is a smoke run ({@value #QUICK_FLAG}): every code path, tiny sizes.
   *
   * @throws IllegalArgumentException on any other argument, naming it
   */
  static boolean quick(String[] args) {
    for (String arg : args) {
      if (!arg.equals(QUICK_FLAG)) {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "'; the only option is " + QUICK_FLAG);
      }
    }
    return Arrays.asList(args).contains(QUICK_FLAG);
  }

  /**
   * Keeps slf4j-simple to warnings (unless the caller chose a level), so per-request and migration
   * log lines do not drown the tables. Must run before the first logger is created.
   */
  static void quietLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /** One line saying where and when the figures were taken; they mean little without it. */
  static void header(PrintStream out, String name) {
    Runtime rt = Runtime.getRuntime();
    out.printf(
        Locale.ROOT,
        "# %s  %s  java %s (%s)  %d cores  max heap %d MB  %s %s%n",
        name,
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        Runtime.version(),
        System.getProperty("java.vm.name"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
    out.println(
        "# load average at start: "
            + loadAverage()
            + " (other work on this machine skews absolute figures; ratios hold better)");
    out.println();
  }

  /** The 1/5/15-minute load averages where the OS shows them, else "unknown". */
  static String loadAverage() {
    Path proc = Path.of("/proc/loadavg");
    try {
      if (Files.isReadable(proc)) {
        String[] parts = Files.readString(proc).trim().split("\\s+");
        return String.join(" ", Arrays.copyOf(parts, Math.min(3, parts.length)));
      }
    } catch (IOException e) {
      // Only informative; a missing value must not stop a benchmark.
    }
    return "unknown";
  }

  static String describe(Measure.Settings s) {
    return "median of "
        + s.rounds()
        + " rounds of "
        + s.roundTime().toMillis()
        + " ms after "
        + s.warmupRounds()
        + " warm-up rounds";
  }

  /** The spread of a rate's rounds, e.g. {@code 9.8k..10.4k}: a wide one means a noisy machine. */
  static String spread(Measure.Rate rate) {
    return compact(rate.min()) + ".." + compact(rate.max());
  }

  static String compact(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a temp directory for the benchmark: " + e.getMessage(), e);
    }
  }

  /** Deletes a scratch directory and everything in it; a missing directory is fine. */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
    }
  }
}
