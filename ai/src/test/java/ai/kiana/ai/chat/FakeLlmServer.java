package ai.kiana.ai.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in for an Ollama or OpenAI-compatible server on a free loopback port: real HTTP,
 * chunked responses flushed piece by piece, so backends see the real wire formats. Records the
 * request bodies and headers it received.
 */
public final class FakeLlmServer implements AutoCloseable {

  /** Writes one response. */
  public interface Script {
    void respond(HttpExchange exchange) throws IOException;
  }

  public final List<String> bodies = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public FakeLlmServer(String path, Script script) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        path,
        ex -> {
          try (ex) {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            script.respond(ex);
          } catch (IOException e) {
            // The client went away (e.g. after its timeout); nothing left to answer.
          }
        });
    server.start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers 200 with each piece written and flushed as its own chunk. */
  public static void streamed(HttpExchange ex, String contentType, List<String> pieces)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    for (String p : pieces) {
      out.write(p.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  public static void status(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * A server that starts a chunked 200 response, sends {@code firstChunk}, then drops the
   * connection without the final chunk: a backend that crashed mid-answer.
   */
  public static final class Dropping implements AutoCloseable {
    private final ServerSocket socket;

    public Dropping(String contentType, String firstChunk) {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = socket.accept()) {
                  byte[] buf = new byte[65536];
                  s.getInputStream().read(buf); // the request (small enough for one read)
                  byte[] chunk = firstChunk.getBytes(StandardCharsets.UTF_8);
                  String head =
                      "HTTP/1.1 200 OK\r\nContent-Type: "
                          + contentType
                          + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + Integer.toHexString(chunk.length)
                          + "\r\n";
                  OutputStream out = s.getOutputStream();
                  out.write(head.getBytes(StandardCharsets.US_ASCII));
                  out.write(chunk);
                  out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  sleep(100);
                } catch (IOException e) {
                  // closed by the test
                }
              });
    }

    public URI base() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
