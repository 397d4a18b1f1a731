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
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * POSTs JSON to a streaming endpoint and hands the response's lines over one by one, with the
 * guarantee that matters to a user waiting for an answer: it never waits longer than {@code
 * timeout} for the response to start or for its next line. The client hands the lines into a queue
 * as it reads them, so a server that stalls mid-stream is detected by a timed poll, not a stuck
 * read.
 *
 * <p>The answer's pieces that lines carry are passed on as soon as no further line is waiting:
 * pieces that arrived together go on as one, so a fast server's burst costs the chat stream one
 * event and one flush instead of one per piece, and no piece ever waits for a line still to come.
 */
final class LineStream {

  /** Largest error body quoted in a message. */
  private static final int MAX_ERROR_CHARS = 500;

  /** Reacts to one line, giving its piece of the answer to {@code pieces}; true when complete. */
  interface LineHandler {
    boolean line(String line, Consumer<String> pieces);
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
      Consumer<String> tokens,
      LineHandler handler) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(b::header);
    LineQueue lines = new LineQueue();
    int status = send(http, b.build(), lines, backend, uri, timeout);
    try {
      if (status != 200) {
        String text = lines.drain(timeout);
        throw BackendException.error(
            backend, uri, "HTTP " + status + describe(errorText.apply(text), text));
      }
      StringBuilder pending = new StringBuilder();
      try {
        while (true) {
          Object next = lines.queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
          if (next == null) {
            throw BackendException.timeout(
                backend, uri, "(no data for " + timeout.toMillis() + " ms)");
          }
          if (next == END || next instanceof Throwable) {
            throw BackendException.disconnected(backend, uri);
          }
          if (handler.line((String) next, pending::append)) {
            return;
          }
          if (lines.queue.isEmpty()) {
            pass(pending, tokens);
          }
        }
      } finally {
        pass(pending, tokens); // also what came before a failure: the user saw it streamed
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.timeout(backend, uri, "(interrupted)");
    } finally {
      lines.cancel();
    }
  }

  private static void pass(StringBuilder pending, Consumer<String> tokens) {
    if (!pending.isEmpty()) {
      String text = pending.toString();
      pending.setLength(0); // first: a consumer that throws must not get it twice
      tokens.accept(text);
    }
  }

  /**
   * Sends the request; returns the status once the headers are in. The lines of the body go to
   * {@code lines} as the client reads them, on the client's own thread (no reader thread of ours).
   */
  private static int send(
      HttpClient http,
      HttpRequest request,
      LineQueue lines,
      String backend,
      URI uri,
      Duration timeout) {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    CompletableFuture<HttpResponse<Void>> exchange =
        lines.exchange =
            http.sendAsync(
                request,
                info -> {
                  status.complete(info.statusCode());
                  return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
                });
    // A failure before the headers (refused, timed out) completes the exchange, not the status.
    exchange.whenComplete(
        (r, e) -> {
          if (e != null) {
            status.completeExceptionally(e);
          }
        });
    try {
      // The request's own timeout covers the wait for the headers; this one is a backstop.
      return status.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw BackendException.timeout(
          backend, uri, "(no answer within " + timeout.toMillis() + " ms)");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw BackendException.timeout(backend, uri, "(interrupted)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
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

  /** The body's lines as they arrive, then {@link #END} or the failure. */
  private static final class LineQueue implements Flow.Subscriber<String> {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    volatile CompletableFuture<HttpResponse<Void>> exchange;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      queue.add(line);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onComplete() {
      queue.add(END);
    }

    /**
     * Stops reading and ends the exchange: the client drops the connection if the body was not
     * complete. Cancelling the subscription alone would leave the exchange pending for ever, and
     * the client's close() waits for pending exchanges.
     */
    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      CompletableFuture<HttpResponse<Void>> e = exchange;
      if (e != null && !e.isDone()) {
        e.cancel(true);
      }
    }

    /** Up to 50 lines of an error body, waiting at most {@code timeout} in all. */
    String drain(Duration timeout) throws InterruptedException {
      StringBuilder text = new StringBuilder();
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int n = 0; n < 50; n++) {
        Object next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!(next instanceof String line)) {
          break;
        }
        text.append(n == 0 ? "" : "\n").append(line);
      }
      return text.toString();
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
