package ai.kiana.net.connections;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One authenticated link to a peer device: our frames as binary WebSocket messages (RFC 6455) over
 * TLS 1.3, one message per frame. Frames are read by the caller's thread ({@link #read}); frames to
 * send go through a queue that one writer thread drains, so a reader never blocks on a peer that
 * does not read. A peer that lets more than {@link #DEFAULT_MAX_QUEUED_BYTES} pile up is
 * disconnected. WebSocket pings are answered here; our own PING/PONG messages stay the health
 * check, because they carry the timestamp the RTT is computed from.
 */
public final class Connection implements AutoCloseable {

  /** Largest frame (type byte + payload), i.e. WebSocket message, either side accepts. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 8 << 20;

  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;

  /** WebSocket pings a peer may send per second (they bypass the per-message rate limit). */
  public static final int DEFAULT_PINGS_PER_SECOND = 20;

  /** Close status: normal closure (RFC 6455, 7.4.1). */
  public static final int NORMAL_CLOSURE = 1000;

  private static final byte[] NOTHING = new byte[0];
  private static final Outgoing POISON = new Outgoing(0, NOTHING, NOTHING);

  /** One WebSocket frame waiting for the writer: its opcode and payload in two parts. */
  private record Outgoing(int opcode, byte[] head, byte[] body) {
    int size() {
      return head.length + body.length;
    }
  }

  private final SSLSocket socket;
  private final DeviceId peer;
  private final boolean outbound;
  private final BufferedInputStream in;
  private final BufferedOutputStream out;
  private final WebSocketReader reader;
  private final WebSocketWriter writer;
  private final RateLimit pings = new RateLimit(DEFAULT_PINGS_PER_SECOND, DEFAULT_PINGS_PER_SECOND);
  private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean pongPending = new AtomicBoolean();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private volatile boolean writerStarted;
  private volatile String closeReason = "";
  private volatile String peerName = "";
  private volatile int peerListenPort;
  private volatile ai.kiana.net.protocol.SyncFilter peerFollow =
      ai.kiana.net.protocol.SyncFilter.ALL;
  private volatile ai.kiana.net.protocol.SyncFilter ownFollow =
      ai.kiana.net.protocol.SyncFilter.ALL;

  Connection(SSLSocket socket, DeviceId peer, boolean outbound) throws IOException {
    this.socket = socket;
    this.peer = peer;
    this.outbound = outbound;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
    // The dialler is the WebSocket client: it masks, and expects the listener not to.
    this.reader = new WebSocketReader(in, !outbound, DEFAULT_MAX_FRAME_BYTES, this::pinged);
    this.writer = new WebSocketWriter(out, outbound);
  }

  /** Dialler: the HTTP/1.1 upgrade to a WebSocket, right after the TLS handshake. */
  void upgradeAsClient(String hostPort) throws IOException {
    WebSocketUpgrade.request(in, out, hostPort);
  }

  /**
   * Listener: answers the upgrade request (101, or an error status and {@link RefusedException}).
   */
  void upgradeAsServer() throws IOException {
    WebSocketUpgrade.answer(in, out);
  }

  /** Starts the writer; until then {@link #sendNow} is the only way out. */
  void startWriter(String name) {
    writerStarted = true;
    Thread.ofVirtual().name("kiana-send-" + name).start(this::drain);
  }

  public DeviceId peer() {
    return peer;
  }

  /** Whether this node dialled the connection. */
  public boolean outbound() {
    return outbound;
  }

  public String remoteAddress() {
    return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
  }

  /** The name and listening port the peer gave in its hello. */
  public String peerName() {
    return peerName;
  }

  public int peerListenPort() {
    return peerListenPort;
  }

  void peerHello(ai.kiana.net.protocol.Hello hello) {
    this.peerName = hello.name();
    this.peerListenPort = hello.listenPort();
    this.peerFollow = hello.follow();
  }

  void ownFollow(ai.kiana.net.protocol.SyncFilter follow) {
    this.ownFollow = follow;
  }

  /** The scopes the peer follows, from its hello. */
  public java.util.Set<ai.kiana.core.block.Scope> peerScopes() {
    return peerFollow.scopes();
  }

  /** What the peer follows, from its hello: fixed for the life of the connection. */
  public ai.kiana.net.protocol.SyncFilter peerFollow() {
    return peerFollow;
  }

  /** What this node said in its hello that it follows: fixed for the life of the connection. */
  public ai.kiana.net.protocol.SyncFilter ownFollow() {
    return ownFollow;
  }

  public boolean isOpen() {
    return !closed.get();
  }

  public String closeReason() {
    return closeReason;
  }

  public long bytesIn() {
    return bytesIn.get();
  }

  public long bytesOut() {
    return bytesOut.get();
  }

  /** Queues a frame; drops it silently if the connection has closed meanwhile. */
  public void send(Frame frame) {
    if (closed.get()) {
      return;
    }
    Outgoing o = message(frame);
    if (queued.addAndGet(o.size()) > DEFAULT_MAX_QUEUED_BYTES) {
      close("peer does not read what it asked for");
      return;
    }
    queue.add(o);
  }

  /** Writes a frame at once on the calling thread (handshake phase only). */
  void sendNow(Frame frame) throws IOException {
    write(message(frame));
    out.flush();
  }

  /** Handshake phase: tells the peer why it is refused (BYE, then a close frame) at once. */
  void refuseNow(String reason) throws IOException {
    closed.set(true);
    closeReason = reason;
    write(message(Frame.of(MessageType.BYE, reason.getBytes(StandardCharsets.UTF_8))));
    write(closeFrame(WebSocketException.POLICY_VIOLATION, reason));
    out.flush();
  }

  /**
   * Reads the next frame. A violation of the WebSocket protocol or of our framing closes the
   * connection with the matching status (1002, 1003, 1009) before the exception is thrown.
   *
   * @throws ProtocolException if the message is empty, too large or of an unknown type
   * @throws EOFException if the peer closed the connection ({@link PeerClosedException} when it
   *     sent a close frame)
   */
  public Frame read() throws IOException {
    byte[] body;
    try {
      body = reader.readMessage();
    } catch (WebSocketException e) {
      close(e.closeCode(), e.getMessage(), false);
      throw e;
    } catch (PeerClosedException e) {
      // Echo the close (RFC 6455, 5.5.1); nothing else goes out after it.
      close(e.code() == WebSocketReader.NO_STATUS ? NORMAL_CLOSURE : e.code(), "", false);
      closeReason = e.getMessage();
      throw e;
    } finally {
      bytesIn.set(reader.bytesRead());
    }
    if (body.length == 0) {
      close(WebSocketException.PROTOCOL_ERROR, "empty message", false);
      throw new ProtocolException("empty message: a frame needs at least its type byte");
    }
    MessageType type;
    try {
      type = MessageType.of(body[0] & 0xff);
    } catch (ProtocolException e) {
      close(WebSocketException.PROTOCOL_ERROR, e.getMessage(), false);
      throw e;
    }
    return new Frame(type, java.util.Arrays.copyOfRange(body, 1, body.length));
  }

  /** Sets how long {@link #read} waits before throwing {@link SocketTimeoutException}. */
  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private void pinged(byte[] payload) {
    if (!pings.tryTake()) {
      throw new WebSocketException(WebSocketException.POLICY_VIOLATION, "too many pings");
    }
    // One pong answers any number of pings sent before it (RFC 6455, 5.5.3).
    if (!closed.get() && pongPending.compareAndSet(false, true)) {
      queued.addAndGet(payload.length);
      queue.add(new Outgoing(WebSocketReader.OP_PONG, NOTHING, payload));
    }
  }

  private static Outgoing message(Frame frame) {
    return new Outgoing(
        WebSocketReader.OP_BINARY, new byte[] {(byte) frame.type().code()}, frame.payload());
  }

  private static Outgoing closeFrame(int code, String reason) {
    return new Outgoing(
        WebSocketReader.OP_CLOSE,
        new byte[] {(byte) (code >>> 8), (byte) code},
        WebSocketWriter.fit(reason));
  }

  private void write(Outgoing o) throws IOException {
    if (o.opcode() == WebSocketReader.OP_PONG) {
      pongPending.set(false);
    }
    writer.frame(o.opcode(), o.head(), o.body());
    bytesOut.set(writer.bytesWritten());
  }

  private void drain() {
    try {
      while (true) {
        Outgoing o = queue.take();
        if (o == POISON) {
          out.flush();
          return;
        }
        write(o);
        queued.addAndGet(-o.size());
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      close("write failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends a BYE with the reason and a normal close frame (best effort) and closes. Idempotent. */
  public void close(String reason) {
    close(NORMAL_CLOSURE, reason);
  }

  /**
   * As {@link #close(String)}, with a WebSocket close status, e.g. {@link
   * WebSocketException#POLICY_VIOLATION} for a peer that broke our rules.
   */
  public void close(int code, String reason) {
    close(code, reason, true);
  }

  private void close(int code, String reason, boolean bye) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeReason = reason;
    if (!writerStarted) {
      // Still in the handshake: nobody drains the queue, so say goodbye on this thread.
      try {
        if (bye) {
          write(message(Frame.of(MessageType.BYE, reason.getBytes(StandardCharsets.UTF_8))));
        }
        write(closeFrame(code, reason));
        out.flush();
      } catch (IOException | RuntimeException e) {
        // The peer is gone already; closing is all that is left.
      }
      closeSocket();
      return;
    }
    try {
      queue.clear();
      if (bye) {
        queue.add(message(Frame.of(MessageType.BYE, reason.getBytes(StandardCharsets.UTF_8))));
      }
      queue.add(closeFrame(code, reason));
      queue.add(POISON);
      // Give the writer a moment to flush the goodbye; the socket closes regardless.
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                closeSocket();
              });
    } catch (RuntimeException e) {
      closeSocket();
    }
  }

  /** Closes at once without a goodbye (as a crash would). */
  public void abort() {
    closed.set(true);
    closeReason = "aborted";
    closeSocket();
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // Already gone; nothing left to release.
    }
  }

  @Override
  public void close() {
    close("closing");
  }
}
