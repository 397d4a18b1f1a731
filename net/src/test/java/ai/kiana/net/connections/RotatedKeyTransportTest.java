package ai.kiana.net.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A device that rotated its key keeps its ID over TLS: its certificate carries the new key, and a
 * peer whose trust maps that key to the device (as the ledger does) pins it by the same ID; its old
 * key is refused.
 */
class RotatedKeyTransportTest {

  static final NodeIdentity A = TestBlocks.identity(11);
  static final NodeIdentity B_FIRST = TestBlocks.identity(12);
  static final NodeIdentity B_NEXT_KEY = TestBlocks.identity(13);
  static final NodeIdentity B =
      NodeIdentity.rotated(Ed25519Engines.fastest(), B_NEXT_KEY.exportSeed(), B_FIRST.deviceId());

  /** A's view after B's rotation, as the ledger gives it. */
  static final DeviceTrust A_TRUST =
      new DeviceTrust() {
        @Override
        public boolean isTrusted(DeviceId device) {
          return device.equals(B.deviceId());
        }

        @Override
        public boolean pairingOpen() {
          return false;
        }

        @Override
        public DeviceId deviceFor(byte[] key) {
          if (Arrays.equals(key, B.publicKey())) {
            return B.deviceId();
          }
          return Arrays.equals(key, B_FIRST.publicKey()) ? null : DeviceId.ofPublicKey(key);
        }
      };

  static final DeviceTrust B_TRUST =
      new DeviceTrust() {
        @Override
        public boolean isTrusted(DeviceId device) {
          return Set.of(A.deviceId()).contains(device);
        }

        @Override
        public boolean pairingOpen() {
          return false;
        }
      };

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

  @Test
  void aRotatedDeviceIsPinnedByItsUnchangedId() throws Exception {
    assertThat(B.rotated()).isTrue();
    Transport a = new Transport(A, A_TRUST, "a");
    Transport b = new Transport(B, B_TRUST, "b");
    var accepted = serve(b);

    Connection c = a.dial("127.0.0.1", server.getLocalPort(), B.deviceId(), null);

    assertThat(c.peer()).isEqualTo(B_FIRST.deviceId());
    assertThat(accepted.get(10, TimeUnit.SECONDS).connection().peer()).isEqualTo(A.deviceId());
    c.close();
  }

  @Test
  void theKeyADeviceRotatedAwayFromIsRefused() throws Exception {
    Transport a = new Transport(A, A_TRUST, "a");
    Transport oldB = new Transport(B_FIRST, B_TRUST, "old b");
    var accepted = serve(a);

    assertThatThrownBy(() -> oldB.dial("127.0.0.1", server.getLocalPort(), A.deviceId(), null))
        .isInstanceOfAny(IOException.class, RefusedException.class);
    assertThat(accepted).failsWithin(10, TimeUnit.SECONDS);
  }
}
