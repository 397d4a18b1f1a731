package ai.kiana.ai.chat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * POSTs JSON to a streaming endpoint and hands the response's lines over one by one, with the
 * guarantee that matters to a user waiting for an answer: it never waits longer than {@code
 * timeout} for the response to start or for its next line. The lines are read on a virtual thread
 * into a queue, so a server that stalls mid-stream is detected by a timed poll, not a stuck read.
 */
final class LineStream {

  /** Largest error body quoted in a message. */
  private static final int MAX_ERROR_CHARS = 500;

  /** Reacts to one line; returns true when the answer is complete. */
  interface LineHandler {
    boolean line(String line);
  }

  private static final Object END = new Object();

  private LineStream() {}

  /**
   * @throws BackendException on every failure, named for {@code backend} and {@code uri}
   */
  static void post(
      HttpClient http,
      String backend,
      URI uri,
      String json,
      Map<String, String> headers,
      Duration timeout,
      java.util.function.Function<String, String> errorText,
      LineHandler handler) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(b::header);
    HttpResponse<Stream<String>> response = send(http, b.build(), backend, uri, timeout);
    try (Stream<String> body = response.body()) {
      if (response.statusCode() != 200) {
        String text = collectError(body, timeout);
        throw BackendException.error(
            backend, uri, "HTTP " + response.statusCode() + describe(errorText.apply(text), text));
      }
      BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
      Thread reader =
          Thread.ofVirtual()
              .name("kiana-" + backend + "-stream")
              .start(
                  () -> {
                    try {
                      body.forEach(lines::add);
                      lines.add(END);
                    } catch (RuntimeException e) {
                      lines.add(e);
                    }
                  });
      try {
        while (true) {
          Object next = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
          if (next == null) {
            throw BackendException.timeout(
                backend, uri, "(no data for " + timeout.toMillis() + " ms)");
          }
          if (next == END || next instanceof RuntimeException) {
            throw BackendException.disconnected(backend, uri);
          }
          if (handler.line((String) next)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BackendException.timeout(backend, uri, "(interrupted)");
      } finally {
        reader.interrupt();
      }
    }
  }

  private static HttpResponse<Stream<String>> send(
      HttpClient http, HttpRequest request, String backend, URI uri, Duration timeout) {
    CompletableFuture<HttpResponse<Stream<String>>> f =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    try {
      // The request's own timeout covers the wait for the headers; this one is a backstop.
      return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw BackendException.timeout(
          backend, uri, "(no answer within " + timeout.toMillis() + " ms)");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw BackendException.timeout(backend, uri, "(interrupted)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpConnectTimeoutException) {
        throw BackendException.unreachable(backend, uri, "connect timed out");
      }
      if (cause instanceof HttpTimeoutException) {
        throw BackendException.timeout(
            backend, uri, "(no answer within " + timeout.toMillis() + " ms)");
      }
      if (cause instanceof ConnectException) {
        throw BackendException.unreachable(backend, uri, "connection refused");
      }
      if (cause instanceof IOException io) {
        throw BackendException.unreachable(backend, uri, String.valueOf(io.getMessage()));
      }
      throw BackendException.unreachable(backend, uri, String.valueOf(cause));
    }
  }

  private static String collectError(Stream<String> body, Duration timeout) {
    CompletableFuture<String> text =
        CompletableFuture.supplyAsync(
            () -> body.limit(50).collect(Collectors.joining("\n")),
            r -> Thread.ofVirtual().start(r));
    try {
      return text.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  private static String describe(String extracted, String raw) {
    String text = extracted != null && !extracted.isBlank() ? extracted : raw;
    text = text == null ? "" : text.strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": "
        + (text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text);
  }
}
