package ai.kiana.server.ledgersync;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.pairing.PairingCode;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real node on the wall clock (the ledger's block timestamps must move) with sync on loopback,
 * for tests that run several devices of one network in this JVM.
 */
final class Device implements AutoCloseable {

  final Path dir;
  final String name;
  Node node;

  private Device(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    open();
  }

  static Device start(Path dir, String name) {
    return new Device(dir, name);
  }

  private void open() {
    node =
        Node.open(
            new NodeConfig(
                dir,
                "127.0.0.1",
                0,
                DataDir.defaultJdbcUrl(dir),
                null,
                null,
                NodeConfig.DEFAULT_MAX_BODY_BYTES));
    node.startSync(NetConfig.defaults("127.0.0.1", 0, name, dir.resolve("peers.json")));
  }

  /** Stops the node and opens it again on the same data directory. */
  void restart() {
    node.close();
    open();
  }

  DeviceId id() {
    return node.identity().deviceId();
  }

  PeerNetwork net() {
    return node.network();
  }

  /** This device joins {@code inviter}'s network with a pairing code from it. */
  PeerRecord pairWith(Device inviter) {
    PairingCode code =
        inviter
            .net()
            .offerPairing(Duration.ofMinutes(1), List.of("127.0.0.1:" + inviter.net().port()));
    return net().pair(code);
  }

  boolean halted() {
    return node.security().killSwitch().state().halted();
  }

  String head() {
    return node.ledger().head().hash();
  }

  String genesis() {
    return node.ledger().genesis().hash();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
