package ai.kiana.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The least a Java HTTP service can be: the JDK's built-in server answering {@code GET /readyz}
 * with 200. {@link StartupBench} times it as the baseline, in-process and as a fresh JVM (then
 * {@link #main} prints the same "listening on" line as {@code kiana start}, and serves until
 * killed).
 */
final class PlainReadyServer implements AutoCloseable {

  private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private PlainReadyServer(HttpServer server) {
    this.server = server;
  }

  /** Binds loopback on a free port and starts serving. */
  static PlainReadyServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/readyz",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, READY.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(READY);
          }
        });
    server.start();
    return new PlainReadyServer(server);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public static void main(String[] args) throws IOException {
    PlainReadyServer server = start();
    System.out.println("plain JDK server listening on " + server.baseUrl());
    System.out.flush();
    // Serves until the benchmark destroys the process; HttpServer's threads keep the JVM alive.
  }
}
