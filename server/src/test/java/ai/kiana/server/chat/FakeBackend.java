package ai.kiana.server.chat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback Ollama and OpenAI-compatible server that answers every chat with fixed pieces in the
 * real streaming formats (NDJSON for {@code /api/chat}, SSE with [DONE] for {@code
 * /v1/chat/completions}). Records the request bodies.
 */
public final class FakeBackend implements AutoCloseable {

  public final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public FakeBackend(List<String> pieces) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/chat",
        ex -> {
          try (ex) {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String p : pieces) {
              out.write(
                  ("{\"message\":{\"role\":\"assistant\",\"content\":\""
                          + p
                          + "\"},\"done\":false}\n")
                      .getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
            out.write("{\"done\":true}\n".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.createContext(
        "/v1/chat/completions",
        ex -> {
          try (ex) {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String p : pieces) {
              out.write(
                  ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                          + p
                          + "\"},\"finish_reason\":null}]}\n\n")
                      .getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
