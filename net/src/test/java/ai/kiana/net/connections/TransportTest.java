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
}
