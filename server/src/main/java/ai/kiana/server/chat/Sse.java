package ai.kiana.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes Server-Sent Events straight to the response, flushing each event so the client sees every
 * token as it is written. Once the first event is out the status is sent, so failures after that
 * can only be reported as events. While a slow backend thinks, a comment line goes out every {@link
 * #HEARTBEAT_MILLIS}, so neither the server's idle timeout nor a proxy drops the stream.
 */
public final class Sse implements AutoCloseable {

  static final long HEARTBEAT_MILLIS = 15_000;

  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kiana-sse-heartbeat");
            t.setDaemon(true);
            return t;
          });

  /** The client went away; stop working on its answer. */
  public static final class ClientGone extends RuntimeException {
    ClientGone(IOException cause) {
      super("the client closed the stream", cause, false, false);
    }
  }

  private final OutputStream out;
  private final ScheduledFuture<?> heartbeat;
  private long lastWrite = System.nanoTime();

  public Sse(Context ctx) {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    try {
      this.out = ctx.res().getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.heartbeat =
        HEARTBEATS.scheduleAtFixedRate(
            this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** {@code event: name} and one {@code data:} line of compact JSON. */
  public void event(String name, JsonNode data) {
    write("event: " + name + "\ndata: " + data + "\n\n");
  }

  /** A bare {@code data:} line, as OpenAI streams. */
  public void data(String data) {
    write("data: " + data + "\n\n");
  }

  private synchronized void beat() {
    if (System.nanoTime() - lastWrite >= TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
      try {
        write(": keep-alive\n\n");
      } catch (ClientGone e) {
        heartbeat.cancel(false);
      }
    }
  }

  private synchronized void write(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      lastWrite = System.nanoTime();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** Stops the heartbeat; the response itself is finished by the server. */
  @Override
  public void close() {
    heartbeat.cancel(false);
  }
}
