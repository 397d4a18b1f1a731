package ai.kiana.net.connections;

import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.Hello;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.protocol.SyncFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Opens authenticated connections: TLS 1.3 with device certificates, the WebSocket upgrade
 * (docs/PROTOCOL.md, "Wire"), then the hello exchange (the dialler speaks first). After {@link
 * #dial} or {@link #accept} returns, the peer has proven its device key and is trusted (or has just
 * paired with a valid secret).
 */
public final class Transport {

  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

  private final NodeIdentity identity;
  private final DeviceCertificate cert;
  private final DeviceTrust trust;
  private final SSLContext context;
  private final String name;
  private final Supplier<SyncFilter> follow;
  private volatile int listenPort;

  /** A transport of a node that follows every scope. */
  public Transport(NodeIdentity identity, DeviceTrust trust, String name) {
    this(identity, trust, name, EnumSet.allOf(Scope.class));
  }

  public Transport(NodeIdentity identity, DeviceTrust trust, String name, Set<Scope> scopes) {
    this(identity, trust, name, () -> SyncFilter.ofScopes(scopes));
  }

  /**
   * @param follow what this node follows, asked once per connection for its hello (selective sync
   *     may change between connections)
   */
  public Transport(
      NodeIdentity identity, DeviceTrust trust, String name, Supplier<SyncFilter> follow) {
    this.follow = follow;
    this.identity = identity;
    this.cert = DeviceCertificate.of(identity);
    this.trust = trust;
    this.context = TlsContexts.create(cert, trust);
    this.name = name;
  }

  public DeviceId self() {
    return identity.deviceId();
  }

  public SSLContext context() {
    return context;
  }

  public void listenPort(int port) {
    this.listenPort = port;
  }

  public int listenPort() {
    return listenPort;
  }

  /**
   * Connects to the device {@code expected} at host:port.
   *
   * @param pairingSecret the secret of a pairing code, or null for a known device
   * @throws RefusedException if the peer is not {@code expected}, or refuses us (with its reason)
   * @throws IOException if the network fails
   */
  public Connection dial(String host, int port, DeviceId expected, String pairingSecret)
      throws IOException {
    SSLContext ctx =
        pairingSecret == null ? context : TlsContexts.create(cert, trust.alsoTrusting(expected));
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(new InetSocketAddress(host, port), DEFAULT_CONNECT_TIMEOUT_MS);
      SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
      socket.setSSLParameters(TlsContexts.parameters(ctx));
      socket.setUseClientMode(true);
      socket.setSoTimeout(DEFAULT_HANDSHAKE_TIMEOUT_MS);
      DeviceId peer;
      try {
        peer = handshake(socket);
      } catch (SocketException e) {
        // TCP connected, so this is the acceptor hanging up during the TLS handshake: with TLS 1.3
        // it checks our certificate while we may still be writing, and we see a reset or broken
        // pipe instead of its alert. It refuses this device.
        throw new RefusedException(
            host
                + ":"
                + port
                + " closed the connection during the handshake: it does not accept this device"
                + (pairingSecret == null ? "" : " (pairing code wrong, expired or already used)"));
      }
      if (!peer.equals(expected)) {
        socket.close();
        throw new RefusedException(
            "the device at "
                + host
                + ":"
                + port
                + " is "
                + peer.shortForm()
                + ", not "
                + expected.shortForm());
      }
      Connection c = new Connection(socket, peer, true);
      Frame reply;
      try {
        c.upgradeAsClient((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        SyncFilter mine = follow.get();
        c.ownFollow(mine);
        c.sendNow(
            Frame.of(
                MessageType.HELLO,
                Hello.of(self(), name, listenPort, pairingSecret, mine).encode()));
        reply = c.read();
      } catch (RefusedException | ProtocolException e) {
        socket.close();
        throw e;
      } catch (IOException e) {
        // In TLS 1.3 the acceptor checks our certificate after we think the handshake is done,
        // so its refusal arrives here, as an alert or a closed connection instead of a hello.
        throw new RefusedException(
            peer.shortForm()
                + " closed the connection instead of answering: it does not accept this device"
                + (pairingSecret == null ? "" : " (pairing code wrong, expired or already used)"));
      }
      if (reply.type() == MessageType.BYE) {
        socket.close();
        throw new RefusedException(
            "refused by "
                + peer.shortForm()
                + ": "
                + new String(reply.payload(), StandardCharsets.UTF_8));
      }
      if (reply.type() != MessageType.HELLO) {
        socket.close();
        throw new ProtocolException("expected a hello, got " + reply.type());
      }
      Hello theirs = Hello.decode(reply.payload());
      checkHello(theirs, peer);
      c.peerHello(theirs);
      socket.setSoTimeout(0);
      c.startWriter(peer.shortForm());
      return c;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** The result of an accepted connection: the link and the peer's hello. */
  public record Accepted(Connection connection, Hello hello) {}

  /**
   * Runs the server side of the handshake on a freshly accepted socket.
   *
   * @throws RefusedException if the peer is unknown and has no valid pairing secret
   */
  public Accepted accept(Socket raw) throws IOException {
    try {
      raw.setTcpNoDelay(true);
      SSLSocket socket =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
      socket.setSSLParameters(TlsContexts.parameters(context));
      socket.setUseClientMode(false);
      socket.setSoTimeout(DEFAULT_HANDSHAKE_TIMEOUT_MS);
      DeviceId peer = handshake(socket);
      Connection c = new Connection(socket, peer, false);
      c.upgradeAsServer();
      Frame first = c.read();
      if (first.type() != MessageType.HELLO) {
        refuse(c, "the first message must be a hello");
      }
      Hello hello;
      try {
        hello = Hello.decode(first.payload());
        checkHello(hello, peer);
      } catch (ProtocolException e) {
        refuse(c, e.getMessage());
        throw e;
      }
      String address = raw.getInetAddress().getHostAddress() + ":" + hello.listenPort();
      if (!trust.isTrusted(peer)) {
        if (hello.pairingSecret() == null) {
          refuse(c, "unknown device " + peer.shortForm());
        }
        if (!trust.redeemPairing(peer, hello.pairingSecret(), hello.name(), address)) {
          refuse(c, "pairing code is wrong, expired or already used");
        }
      }
      c.peerHello(hello);
      SyncFilter mine = follow.get();
      c.ownFollow(mine);
      c.sendNow(
          Frame.of(MessageType.HELLO, Hello.of(self(), name, listenPort, null, mine).encode()));
      socket.setSoTimeout(0);
      c.startWriter(peer.shortForm());
      return new Accepted(c, hello);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static void refuse(Connection c, String reason) throws IOException {
    try {
      c.refuseNow(reason);
    } catch (IOException e) {
      // The peer hung up first; it is refused either way.
    }
    throw new RefusedException(reason);
  }

  private static void checkHello(Hello hello, DeviceId peer) {
    if (!hello.device().equals(peer)) {
      throw new ProtocolException("hello names another device than the certificate");
    }
  }

  private DeviceId handshake(SSLSocket socket) throws IOException {
    socket.startHandshake();
    try {
      DeviceId device =
          trust.deviceFor(
              DeviceCertificate.keyOf(
                  (java.security.cert.X509Certificate)
                      socket.getSession().getPeerCertificates()[0]));
      if (device == null) {
        throw new CertificateException("the certificate's key was rotated away by its device");
      }
      return device;
    } catch (CertificateException e) {
      throw new RefusedException(e.getMessage());
    }
  }
}
