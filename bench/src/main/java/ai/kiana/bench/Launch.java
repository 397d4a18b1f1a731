package ai.kiana.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start of a server in a new JVM: started with {@link ProcessBuilder}, timed to the line
 * that prints its URL ("listening on http://host:port") and to its first 200 from {@code /readyz},
 * then stopped with SIGTERM (forcibly if it does not exit).
 */
record Launch(long toListeningNanos, long toReadyNanos) {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s/]+)");
  private static final long EXIT_TIMEOUT_SECONDS = 15;
  private static final int KEPT_OUTPUT_LINES = 20;

  /**
   * Runs {@code command} until it answers, then stops it.
   *
   * @throws IllegalStateException if it exits or stays silent before printing its URL; the message
   *     carries its last lines of output
   */
  static Launch run(List<String> command) throws IOException, InterruptedException {
    Deque<String> output = new ArrayDeque<>();
    CompletableFuture<String> url = new CompletableFuture<>();
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      Thread.ofPlatform().daemon().name("launch-output").start(() -> drain(process, output, url));
      String base;
      try {
        base = url.get(StartupBench.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "'"
                + String.join(" ", command)
                + "' printed no 'listening on' line ("
                + e.getMessage()
                + "); last output:\n  "
                + lastLines(output),
            e);
      }
      long listening = System.nanoTime() - start;
      StartupBench.awaitReady(base);
      return new Launch(listening, System.nanoTime() - start);
    } finally {
      stop(process);
    }
  }

  static double median(List<Launch> launches) {
    return Measure.median(launches.stream().mapToDouble(Launch::toReadyNanos).toArray());
  }

  private static void drain(Process process, Deque<String> output, CompletableFuture<String> url) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (output) {
          output.addLast(line);
          if (output.size() > KEPT_OUTPUT_LINES) {
            output.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url.complete(m.group(1));
        }
      }
      url.completeExceptionally(new IllegalStateException("the process ended"));
    } catch (IOException e) {
      url.completeExceptionally(e);
    }
  }

  private static String lastLines(Deque<String> output) {
    synchronized (output) {
      return String.join("\n  ", output);
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
