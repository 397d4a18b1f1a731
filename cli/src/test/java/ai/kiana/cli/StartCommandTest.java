package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help;

class StartCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile(
          "KI_ana \\S+ listening on http://127\\.0\\.0\\.1:(\\d+) \\(device ([A-Z2-7-]{63})\\)");

  @TempDir Path tmp;
  final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  /** A node started in-process that a test stops by hand instead of with SIGINT. */
  final class RunningNode implements StopSignal {
    final CountDownLatch stop = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Future<Integer> exit;

    RunningNode start(String... args) {
      exit =
          executor.submit(
              () ->
                  Main.run(
                      args,
                      Map.of(),
                      new ByteArrayInputStream(new byte[0]),
                      out,
                      err,
                      this,
                      Help.Ansi.OFF));
      return this;
    }

    Matcher awaitListening() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && !exit.isDone()) {
        Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
        if (m.find()) {
          return m;
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no listening line; out=" + out + " err=" + err);
    }

    int stopAndWait() throws Exception {
      stop.countDown();
      return exit.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void await() throws InterruptedException {
      stop.await();
    }

    @Override
    public void stopped() {
      stopped.countDown();
    }
  }

  @Test
  void startServesTheApiUntilStoppedThenClosesCleanly() throws Exception {
    Kiana.in(tmp).ok("init");
    String id = Kiana.in(tmp).ok("id").outLine();
    RunningNode node =
        new RunningNode().start("start", "--port", "0", "--data-dir", tmp.toString());

    Matcher listening = node.awaitListening();
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + listening.group(1) + "/readyz"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(listening.group(2)).isEqualTo(id);
    assertThat(node.stopAndWait()).isZero();
    assertThat(node.stopped.getCount()).isZero();
    // The lock is released: the data directory can be used by the next node.
    RunningNode next =
        new RunningNode().start("start", "--port", "0", "--data-dir", tmp.toString());
    next.awaitListening();
    assertThat(next.stopAndWait()).isZero();
  }

  @Test
  void startCreatesTheKeyOnFirstUse() throws Exception {
    Path fresh = tmp.resolve("fresh");
    RunningNode node =
        new RunningNode().start("--data-dir", fresh.toString(), "start", "--port", "0");

    node.awaitListening();
    node.stopAndWait();

    assertThat(fresh.resolve("identity/node.key")).exists();
  }

  @Test
  void secondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
    RunningNode first =
        new RunningNode().start("start", "--port", "0", "--data-dir", tmp.toString());
    first.awaitListening();

    Kiana.Result second = Kiana.in(tmp).run("start", "--port", "0");

    ErrorHandlingTest.assertOneCleanLine(
        second, 4, "another KI_ana node is already running on " + tmp);
    assertThat(second.err()).contains("pid " + ProcessHandle.current().pid());
    first.stopAndWait();
  }

  @Test
  void portInUseGivesOneLineSuggestingAnotherPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Kiana.Result r = Kiana.in(tmp).run("start", "--port", String.valueOf(taken.getLocalPort()));

      ErrorHandlingTest.assertOneCleanLine(
          r, 4, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
      assertThat(r.err()).contains("--port");
    }
    // The failed start released its lock and closed its store.
    RunningNode node =
        new RunningNode().start("start", "--port", "0", "--data-dir", tmp.toString());
    node.awaitListening();
    node.stopAndWait();
  }

  @Test
  void portComesFromKiana_portWhenNoFlagIsGiven() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    RunningNode node = new RunningNode();
    node.exit =
        executor.submit(
            () ->
                Main.run(
                    new String[] {"start"},
                    Map.of("KIANA_HOME", tmp.toString(), "KIANA_PORT", String.valueOf(port)),
                    new ByteArrayInputStream(new byte[0]),
                    node.out,
                    node.err,
                    node,
                    Help.Ansi.OFF));

    assertThat(node.awaitListening().group(1)).isEqualTo(String.valueOf(port));
    node.stopAndWait();
  }
}
