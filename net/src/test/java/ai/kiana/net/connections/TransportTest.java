package ai.kiana.net.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportTest {

  static final NodeIdentity A = TestBlocks.identity(1);
  static final NodeIdentity B = TestBlocks.identity(2);
  static final NodeIdentity STRANGER = TestBlocks.identity(9);

  record Trust(Set<DeviceId> known, boolean open, String secret) implements DeviceTrust {
    @Override
    public boolean isTrusted(DeviceId device) {
      return known.contains(device);
    }

    @Override
    public boolean pairingOpen() {
      return open;
    }

    @Override
    public boolean redeemPairing(DeviceId device, String s, String name, String address) {
      if (secret != null && secret.equals(s)) {
        known.add(device);
        return true;
      }
      return false;
    }
  }

  ServerSocket server;

  @AfterEach
  void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  CompletableFuture<Transport.Accepted> serve(Transport t) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Socket s = server.accept();
            return t.accept(s);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  static Trust trusting(NodeIdentity... ids) {
    Set<DeviceId> s = ConcurrentHashMap.newKeySet();
    for (NodeIdentity i : ids) {
      s.add(i.deviceId());
    }
    return new Trust(s, false, null);
  }

  @Test
  void knownDevicesConnectOverTls13AndExchangeFrames() throws Exception {
    Transport a = new Transport(A, trusting(B), "a");
    Transport b = new Transport(B, trusting(A), "b");
    var accepted = serve(b);
    Connection client = a.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), null);
    Connection serverSide = accepted.get(10, TimeUnit.SECONDS).connection();

    assertThat(client.peer()).isEqualTo(B.deviceId());
    assertThat(serverSide.peer()).isEqualTo(A.deviceId());
    client.send(Frame.of(MessageType.PING, new byte[] {1, 2, 3}));
    Frame got = serverSide.read();
    assertThat(got.type()).isEqualTo(MessageType.PING);
    assertThat(got.payload()).containsExactly(1, 2, 3);
    client.close();
    serverSide.close();
  }

  @Test
  void unknownDeviceIsRefusedDuringTheHandshake() throws Exception {
    Transport b = new Transport(B, trusting(A), "b");
    Transport stranger = new Transport(STRANGER, trusting(B), "x");
    var accepted = serve(b);
    assertThatThrownBy(() -> stranger.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), null))
        .isInstanceOfAny(SSLHandshakeException.class, IOException.class, RefusedException.class);
    assertThat(accepted).failsWithin(10, TimeUnit.SECONDS);
  }

  @Test
  void dialledPeerThatIsAnotherDeviceIsRefused() throws Exception {
    Transport a = new Transport(A, trusting(B, STRANGER), "a");
    Transport stranger = new Transport(STRANGER, trusting(A), "x");
    serve(stranger);
    assertThatThrownBy(() -> a.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), null))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("not " + B.deviceId().shortForm());
  }

  @Test
  void unknownDeviceWithTheRightPairingSecretIsAdmittedAndRemembered() throws Exception {
    Trust bTrust = new Trust(ConcurrentHashMap.newKeySet(), true, "s3cret");
    Transport b = new Transport(B, bTrust, "b");
    Transport a = new Transport(A, trusting(), "a");
    var accepted = serve(b);
    Connection c = a.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), "s3cret");
    assertThat(accepted.get(10, TimeUnit.SECONDS).hello().name()).isEqualTo("a");
    assertThat(bTrust.isTrusted(A.deviceId())).isTrue();
    c.close();
  }

  @Test
  void wrongPairingSecretIsRefusedWithAClearReason() throws Exception {
    Transport b = new Transport(B, new Trust(ConcurrentHashMap.newKeySet(), true, "s3cret"), "b");
    Transport a = new Transport(A, trusting(), "a");
    serve(b);
    assertThatThrownBy(() -> a.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), "guess"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("pairing code is wrong");
  }

  /** A TLS connection as {@code who} to the server, with nothing spoken on it yet. */
  javax.net.ssl.SSLSocket rawTls(Transport who) throws IOException {
    javax.net.ssl.SSLSocket s =
        (javax.net.ssl.SSLSocket)
            who.context().getSocketFactory().createSocket("127.0.0.1", server.getLocalPort());
    s.setSSLParameters(TlsContexts.parameters(who.context()));
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  static String upgradeRequest(String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: kiana-sync.1\r\n\r\n";
  }

  @Test
  void aPlainHttpRequestOnThePeerPortGetsAnErrorStatusAndIsClosed() throws Exception {
    Transport a = new Transport(A, trusting(B), "a");
    Transport b = new Transport(B, trusting(A), "b");
    var accepted = serve(b);
    try (var s = rawTls(a)) {
      s.getOutputStream()
          .write(upgradeRequest("/").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 404 ").contains("peers connect to /kiana/peer");
    }
    assertThat(accepted).failsWithin(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnmaskedClientFrameIsAnsweredWithClose1002() throws Exception {
    Transport a = new Transport(A, trusting(B), "a");
    Transport b = new Transport(B, trusting(A), "b");
    var accepted = serve(b);
    try (var s = rawTls(a)) {
      s.getOutputStream()
          .write(
              upgradeRequest("/kiana/peer").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().write(new byte[] {(byte) 0x82, 0x01, 0x01});
      s.getOutputStream().flush();
      WebSocketUpgrade.Head head = WebSocketUpgrade.readHead(s.getInputStream());
      assertThat(head.startLine()).startsWith("HTTP/1.1 101");
      WebSocketReader r = new WebSocketReader(s.getInputStream(), false, 1 << 20, p -> {});
      assertThatThrownBy(r::readMessage)
          .isInstanceOfSatisfying(
              PeerClosedException.class,
              e -> {
                assertThat(e.code()).isEqualTo(1002);
                assertThat(e.reason()).contains("not masked");
              });
    }
    assertThat(accepted).failsWithin(10, TimeUnit.SECONDS);
  }

  @Test
  void webSocketPingsGetPongsAndACloseIsEchoed() throws Exception {
    Transport a = new Transport(A, trusting(B), "a");
    Transport b = new Transport(B, trusting(A), "b");
    var accepted = serve(b);
    try (var s = rawTls(a)) {
      var out = s.getOutputStream();
      WebSocketUpgrade.request(s.getInputStream(), out, "x");
      WebSocketWriter w = new WebSocketWriter(out, true);
      w.frame(
          WebSocketReader.OP_BINARY,
          new byte[] {(byte) MessageType.HELLO.code()},
          ai.kiana.net.protocol.Hello.of(
                  A.deviceId(),
                  "raw",
                  0,
                  null,
                  ai.kiana.net.protocol.SyncFilter.ofScopes(
                      java.util.Set.of(ai.kiana.core.block.Scope.values()[0])))
              .encode());
      w.flush();
      Connection serverSide = accepted.get(10, TimeUnit.SECONDS).connection();
      // Its reading thread is what answers pings, as a sync session's would.
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    serverSide.read();
                  }
                } catch (IOException | RuntimeException e) {
                  // Ends with the close below.
                }
              });
      w.frame(WebSocketReader.OP_PING, new byte[] {4, 2});
      w.flush();
      java.util.List<byte[]> pongs = new java.util.ArrayList<>();
      var in = s.getInputStream();
      WebSocketReader r = new WebSocketReader(in, false, 1 << 20, p -> {});
      assertThat(r.readMessage()[0]).isEqualTo((byte) MessageType.HELLO.code());
      // The pong is a control frame the reader drops, so read it by hand.
      assertThat(in.readNBytes(4)).containsExactly(0x8a, 0x02, 4, 2);
      w.close(1000, "bye now");
      w.flush();
      assertThatThrownBy(r::readMessage)
          .isInstanceOfSatisfying(
              PeerClosedException.class, e -> assertThat(e.code()).isEqualTo(1000));
    }
  }
}
