package ai.kiana.server.http;

import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.testkit.FakeClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real node (SQLite in a temp directory, a fake clock) with its real HTTP API on a free port, and
 * a JDK HttpClient to call it.
 *
 * <p>Requests are sent as the creator by default: {@link #start} makes the account {@value
 * #CREATOR} (password {@link #PASSWORD}) and sends its bearer token. {@link #anonymous()}, {@link
 * #as(Role)} and {@link #asUser(String, Role)} give views of the same node that send no token or
 * another account's; closing a view does nothing, closing the node closes all.
 */
public final class TestNode implements AutoCloseable {

  /** The creator account every test node has. */
  public static final String CREATOR = Account.DEFAULT_CREATOR;

  /** The password of every account a test node makes. */
  public static final String PASSWORD = "correct horse battery";

  /** argon2id with tiny parameters, so making test accounts costs microseconds, not 200 ms. */
  public static final PasswordHasher CHEAP_HASHER = new PasswordHasher(64, 1, 1);

  private static final String CHEAP_HASH = CHEAP_HASHER.hash(PASSWORD);

  public final FakeClock clock;
  public final Node node;
  public final HttpApi api;
  private final HttpClient http;
  private final URI base;
  // Who this view speaks as: an account name (a fresh token per request, so tests that move the
  // fake clock by hours keep working), or a raw token sent as is, or neither (anonymous).
  private final Account account;
  private final String rawToken;
  private final boolean owner;

  private TestNode(FakeClock clock, Node node, HttpApi api) {
    this.clock = clock;
    this.node = node;
    this.api = api;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.base = URI.create("http://127.0.0.1:" + api.port());
    this.owner = true;
    this.account = accountFor(node, CREATOR, Role.CREATOR);
    this.rawToken = null;
  }

  private TestNode(TestNode of, Account account, String rawToken) {
    this.clock = of.clock;
    this.node = of.node;
    this.api = of.api;
    this.http = of.http;
    this.base = of.base;
    this.owner = false;
    this.account = account;
    this.rawToken = rawToken;
  }

  /** The same node, sending no credentials. */
  public TestNode anonymous() {
    return new TestNode(this, null, null);
  }

  /** The same node, as the account named after {@code role} (made on first use). */
  public TestNode as(Role role) {
    return asUser(role.wireName(), role);
  }

  /** The same node, as account {@code username} with {@code role} (made on first use). */
  public TestNode asUser(String username, Role role) {
    return new TestNode(this, accountFor(node, username, role), null);
  }

  /** The same node, sending {@code bearerToken} as is (for token attack tests). */
  public TestNode withToken(String bearerToken) {
    return new TestNode(this, null, bearerToken);
  }

  /** A bearer token this view would send now, or null. */
  public String token() {
    if (rawToken != null) {
      return rawToken;
    }
    return account == null ? null : node.security().auth().tokens().issue(account);
  }

  /** A fresh access token for {@code username}, making the account with {@code role} if needed. */
  public static String tokenFor(Node node, String username, Role role) {
    return node.security().auth().tokens().issue(accountFor(node, username, role));
  }

  /** The account {@code username}, made with {@code role} and {@link #PASSWORD} if needed. */
  public static Account accountFor(Node node, String username, Role role) {
    AuthService auth = node.security().auth();
    return auth.account(username)
        .orElseGet(() -> auth.createHashed(username, role, CHEAP_HASH, null));
  }

  public static TestNode start(Path dataDir) {
    return start(dataDir, NodeConfig.DEFAULT_MAX_BODY_BYTES);
  }

  public static TestNode start(Path dataDir, long maxBodyBytes) {
    NodeConfig config =
        new NodeConfig(
            dataDir, "127.0.0.1", 0, DataDir.defaultJdbcUrl(dataDir), null, null, maxBodyBytes);
    FakeClock clock = new FakeClock();
    Node node = Node.open(config, clock);
    try {
      return new TestNode(clock, node, HttpApi.start(node));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The answer to one request. */
  public record Reply(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
      return Json.parse(body);
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  public Reply get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  public Reply delete(String pathAndQuery) {
    return send(request(pathAndQuery).DELETE());
  }

  public Reply postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  public Reply post(String path, String contentType, String body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public Reply send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return send(b);
  }

  /** A body sent chunked, with no Content-Length, so the server only learns its size by reading. */
  public Reply postChunked(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body))));
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10));
    String token = token();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends request text as is over a plain socket, for requests the JDK client refuses to make
   * (malformed URLs). Understands only what these tests need of the answer.
   */
  public Reply raw(String requestLine) {
    String token = token();
    String request =
        requestLine
            + "\r\nHost: 127.0.0.1\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      // Bytes as Latin-1 chars 1:1, so chunk sizes count right; the body is decoded as UTF-8 last.
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      String head = headEnd < 0 ? text : text.substring(0, headEnd);
      String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers
            .computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new java.util.ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
        body = dechunk(body);
      }
      body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      return new Reply(status, HttpHeaders.of(headers, (a, b) -> true), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", pos);
      int size = Integer.parseInt(chunked.substring(pos, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      pos = eol + 2 + size + 2;
    }
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (!owner) {
      return;
    }
    try {
      api.close();
    } finally {
      http.close();
      node.close();
    }
  }
}
