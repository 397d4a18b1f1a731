package ai.kiana.net.connections;

import ai.kiana.net.protocol.Hello;
import ai.kiana.net.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 opening handshake of RFC 6455 that turns a fresh TLS connection into a WebSocket:
 * the dialler asks for {@value #PATH} with subprotocol {@link #SUBPROTOCOL}, the listener answers
 * 101 or refuses with 400/404/426 and a one-line reason, then closes.
 */
final class WebSocketUpgrade {

  static final String PATH = "/kiana/peer";

  /** Our protocol and its version, as the WebSocket subprotocol. */
  static final String SUBPROTOCOL = Hello.PROTOCOL + "." + Hello.VERSION;

  /** Longest request or response head accepted; real ones are a few hundred bytes. */
  static final int MAX_HEAD_BYTES = 8 << 10;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSocketUpgrade() {}

  /** A request or response head: its first line and its header fields (names lower-cased). */
  record Head(String startLine, Map<String, String> fields) {
    String field(String name) {
      return fields.getOrDefault(name, "");
    }

    /** Whether a comma-separated header holds {@code token}, ignoring case. */
    boolean lists(String name, String token) {
      for (String part : field(name).split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455, 4.2.2). */
  static String acceptKey(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /**
   * Dialler: sends the upgrade request and checks the answer.
   *
   * @throws RefusedException if the listener answered with an error status (its reason included)
   * @throws ProtocolException if the answer is not a valid 101 for our request
   */
  static void request(InputStream in, OutputStream out, String hostPort) throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String request =
        "GET "
            + PATH
            + " HTTP/1.1\r\nHost: "
            + hostPort
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
            + SUBPROTOCOL
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Head answer = readHead(in);
    String[] status = answer.startLine().split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("upgrade answer is not HTTP: " + answer.startLine());
    }
    if (!status[1].equals("101")) {
      String reason = answer.field("x-kiana-reason");
      throw new RefusedException(
          "peer refused the WebSocket upgrade: "
              + status[1]
              + (reason.isEmpty() ? (status.length > 2 ? " " + status[2] : "") : " " + reason));
    }
    if (!answer.lists("upgrade", "websocket") || !answer.lists("connection", "upgrade")) {
      throw new ProtocolException("101 answer without Upgrade: websocket / Connection: Upgrade");
    }
    if (!answer.field("sec-websocket-accept").equals(acceptKey(key))) {
      throw new ProtocolException("101 answer with a wrong Sec-WebSocket-Accept");
    }
    if (!answer.field("sec-websocket-protocol").equals(SUBPROTOCOL)) {
      throw new ProtocolException(
          "peer chose subprotocol '"
              + answer.field("sec-websocket-protocol")
              + "', not "
              + SUBPROTOCOL);
    }
    if (!answer.field("sec-websocket-extensions").isEmpty()) {
      throw new ProtocolException("peer chose an extension although none was offered");
    }
  }

  /**
   * Listener: reads the upgrade request and answers 101, or an error status and throws.
   *
   * @throws RefusedException after answering a request that is not ours with 400, 404 or 426
   */
  static void answer(InputStream in, OutputStream out) throws IOException {
    Head req;
    try {
      req = readHead(in);
    } catch (ProtocolException e) {
      throw refuse(out, 400, "Bad Request", e.getMessage(), "");
    }
    String[] line = req.startLine().split(" ");
    if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
      throw refuse(out, 400, "Bad Request", "not an HTTP/1.1 request", "");
    }
    if (!line[0].equals("GET")) {
      throw refuse(out, 400, "Bad Request", "the upgrade must be a GET", "");
    }
    if (!line[1].equals(PATH)) {
      throw refuse(out, 404, "Not Found", "peers connect to " + PATH, "");
    }
    if (!req.lists("upgrade", "websocket") || !req.lists("connection", "upgrade")) {
      throw refuse(out, 426, "Upgrade Required", "peers must upgrade to websocket", "");
    }
    if (!req.field("sec-websocket-version").equals("13")) {
      throw refuse(
          out,
          426,
          "Upgrade Required",
          "WebSocket version 13 only",
          "Sec-WebSocket-Version: 13\r\n");
    }
    String key = req.field("sec-websocket-key");
    byte[] nonce;
    try {
      nonce = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      nonce = new byte[0];
    }
    if (nonce.length != 16) {
      throw refuse(out, 400, "Bad Request", "Sec-WebSocket-Key is not 16 bytes in base64", "");
    }
    if (!req.lists("sec-websocket-protocol", SUBPROTOCOL)) {
      throw refuse(
          out,
          400,
          "Bad Request",
          "this node speaks subprotocol "
              + SUBPROTOCOL
              + ", not '"
              + req.field("sec-websocket-protocol")
              + "'",
          "");
    }
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + acceptKey(key)
            + "\r\nSec-WebSocket-Protocol: "
            + SUBPROTOCOL
            + "\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static RefusedException refuse(
      OutputStream out, int code, String text, String reason, String extra) throws IOException {
    // The reason goes in a header (one line, ASCII) and as the body, for people with curl.
    String oneLine = reason.replaceAll("[^\\x20-\\x7e]", "?");
    byte[] body = (oneLine + "\n").getBytes(StandardCharsets.US_ASCII);
    String head =
        "HTTP/1.1 "
            + code
            + " "
            + text
            + "\r\n"
            + extra
            + "X-Kiana-Reason: "
            + oneLine
            + "\r\nContent-Type: text/plain\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    try {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      // The peer may already be gone; the refusal below is what matters here.
    }
    return new RefusedException("WebSocket upgrade refused (" + code + "): " + reason);
  }

  /** Reads up to and including the blank line, never more (frames may follow in the buffer). */
  static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection ended inside the HTTP upgrade");
      }
      if (buf.size() >= MAX_HEAD_BYTES) {
        throw new ProtocolException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      buf.write(b);
      last4 = (last4 << 8) | b;
    }
    String text = buf.toString(StandardCharsets.ISO_8859_1);
    String[] lines = text.substring(0, text.length() - 4).split("\r\n", -1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String l : Arrays.asList(lines).subList(1, lines.length)) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed HTTP header line");
      }
      String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).trim();
      // Repeated fields join with a comma (RFC 9110, 5.3).
      fields.merge(name, value, (a, b) -> a + ", " + b);
    }
    return new Head(lines[0], fields);
  }
}
