package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help;

/**
 * The quick start stays two commands: {@code kiana start} on a fresh data directory prints a
 * one-time setup link, whose token makes the creator account exactly once.
 */
class FirstStartSetupTest {

  private static final Pattern LINK =
      Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/setup#token=([A-Za-z0-9_-]{43})");

  @TempDir Path tmp;

  @Test
  void aFreshStartPrintsAOneTimeSetupLinkThatMakesTheCreator() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    CountDownLatch stop = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StopSignal signal =
        new StopSignal() {
          @Override
          public void await() throws InterruptedException {
            stop.await();
          }

          @Override
          public void stopped() {}
        };
    Future<Integer> exit =
        executor.submit(
            () ->
                Main.run(
                    new String[] {"start", "--port", "0", "--data-dir", tmp.toString()},
                    Map.of(),
                    new ByteArrayInputStream(new byte[0]),
                    out,
                    new ByteArrayOutputStream(),
                    signal,
                    Help.Ansi.OFF));
    try (HttpClient http = HttpClient.newHttpClient()) {
      Matcher link = awaitLink(out, exit);
      String base = "http://127.0.0.1:" + link.group(1);
      String body = "{\"token\":\"" + link.group(2) + "\",\"password\":\"my new password\"}";

      HttpResponse<String> first = post(http, base + "/api/v1/auth/setup", body);
      HttpResponse<String> again = post(http, base + "/api/v1/auth/setup", body);
      HttpResponse<String> login =
          post(
              http,
              base + "/api/v1/auth/login",
              "{\"username\":\"creator\",\"password\":\"my new password\"}");

      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(first.body()).contains("access_token");
      assertThat(again.statusCode()).isEqualTo(401);
      assertThat(login.statusCode()).isEqualTo(200);
    } finally {
      stop.countDown();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      executor.shutdownNow();
    }
  }

  private static Matcher awaitLink(ByteArrayOutputStream out, Future<Integer> exit)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = LINK.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no setup link; out=" + out);
  }

  private static HttpResponse<String> post(HttpClient http, String url, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
