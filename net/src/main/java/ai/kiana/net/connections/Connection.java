package ai.kiana.net.connections;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * One authenticated link to a peer device: length-prefixed frames over TLS 1.3. Frames are read by
 * the caller's thread ({@link #read}); frames to send go through a queue that one writer thread
 * drains, so a reader never blocks on a peer that does not read. A peer that lets more than {@link
 * #DEFAULT_MAX_QUEUED_BYTES} pile up is disconnected.
 */
public final class Connection implements AutoCloseable {

  /** Largest frame (type byte + payload) either side accepts. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 8 << 20;

  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
  private static final byte[] POISON = new byte[0];

  private final SSLSocket socket;
  private final DeviceId peer;
  private final boolean outbound;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
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
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 << 10));
  }

  /** Starts the writer; until then {@link #sendNow} is the only way out. */
  void startWriter(String name) {
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
    byte[] body = encode(frame);
    if (queued.addAndGet(body.length) > DEFAULT_MAX_QUEUED_BYTES) {
      close("peer does not read what it asked for");
      return;
    }
    queue.add(body);
  }

  /** Writes a frame at once on the calling thread (handshake phase only). */
  void sendNow(Frame frame) throws IOException {
    write(encode(frame));
    out.flush();
  }

  /**
   * Reads the next frame.
   *
   * @throws ProtocolException if the frame is empty, too large or of an unknown type
   * @throws EOFException if the peer closed the connection
   */
  public Frame read() throws IOException {
    int length = in.readInt();
    if (length < 1 || length > DEFAULT_MAX_FRAME_BYTES) {
      throw new ProtocolException(
          "frame of " + length + " bytes is outside 1.." + DEFAULT_MAX_FRAME_BYTES);
    }
    byte[] body = new byte[length];
    in.readFully(body);
    bytesIn.addAndGet(4L + length);
    MessageType type = MessageType.of(body[0] & 0xff);
    byte[] payload = new byte[length - 1];
    System.arraycopy(body, 1, payload, 0, payload.length);
    return new Frame(type, payload);
  }

  /** Sets how long {@link #read} waits before throwing {@link SocketTimeoutException}. */
  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private static byte[] encode(Frame frame) {
    byte[] body = new byte[frame.size()];
    body[0] = (byte) frame.type().code();
    System.arraycopy(frame.payload(), 0, body, 1, frame.payload().length);
    return body;
  }

  private void write(byte[] body) throws IOException {
    out.writeInt(body.length);
    out.write(body);
    bytesOut.addAndGet(4L + body.length);
  }

  private void drain() {
    try {
      while (true) {
        byte[] body = queue.take();
        if (body == POISON) {
          out.flush();
          return;
        }
        write(body);
        queued.addAndGet(-body.length);
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

  /** Sends a BYE with the reason (best effort) and closes. Idempotent. */
  public void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeReason = reason;
    try {
      byte[] bye = encode(Frame.of(MessageType.BYE, reason.getBytes(StandardCharsets.UTF_8)));
      queue.clear();
      queue.add(bye);
      queue.add(POISON);
      // Give the writer a moment to flush the BYE; the socket closes regardless.
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
