package ai.kiana.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events straight to the response, flushing each event so the client sees every
 * token as it is written. Once the first event is out the status is sent, so failures after that
 * can only be reported as events.
 */
final class Sse {

  /** The client went away; stop working on its answer. */
  static final class ClientGone extends RuntimeException {
    ClientGone(IOException cause) {
      super("the client closed the stream", cause, false, false);
    }
  }

  private final OutputStream out;

  Sse(Context ctx) {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    try {
      this.out = ctx.res().getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code event: name} and one {@code data:} line of compact JSON. */
  void event(String name, JsonNode data) {
    write("event: " + name + "\ndata: " + data + "\n\n");
  }

  /** A bare {@code data:} line, as OpenAI streams. */
  void data(String data) {
    write("data: " + data + "\n\n");
  }

  private void write(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }
}
