package ai.kiana.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;

/** An OpenAI-compatible server that streams a fixed answer of {@code chunks} pieces at once. */
final class FakeOpenAi implements AutoCloseable {
  private final HttpServer server;

  FakeOpenAi(int chunks) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    String[] pieces = new String[chunks];
    Arrays.setAll(pieces, i -> " word" + i);
    server.createContext(
        "/v1/chat/completions",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String p : pieces) {
              out.write(
                  ("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake\","
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

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
