package ai.kiana.net.harness;

import ai.kiana.core.identity.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * N real nodes in one JVM on loopback, for scenario tests: wire them as a mesh, a line or any
 * graph, write on some, partition, crash and restart, and wait until they converge (equal Merkle
 * roots of their knowledge sets).
 *
 * <p>It lives in net's test sources, not in testkit, because it runs {@code PeerNetwork} and
 * testkit sits below net in the module graph (net's tests use testkit; testkit using net would be a
 * cycle).
 */
public final class SyncCluster implements AutoCloseable {

  private final List<HarnessNode> nodes = new ArrayList<>();
  private final Set<DeviceId> devices = ConcurrentHashMap.newKeySet();
  // "i:device" for each node i that is cut from that device: all nodes count as members of one
  // ledger (they accept each other's connections unpaired), so a partition must end that too.
  private final Set<String> cuts = ConcurrentHashMap.newKeySet();

  /** Starts {@code n} nodes, unconnected, each in a directory under {@code root}. */
  public SyncCluster(Path root, int n) {
    for (int i = 0; i < n; i++) {
      int index = i;
      HarnessNode node =
          new HarnessNode(
              i + 1,
              root.resolve("node-" + (i + 1)),
              d -> devices.contains(d) && !cuts.contains(index + ":" + d.hex()));
      devices.add(node.deviceId());
      node.start();
      nodes.add(node);
    }
  }

  public HarnessNode node(int i) {
    return nodes.get(i);
  }

  public List<HarnessNode> nodes() {
    return nodes;
  }

  /** Pairs two nodes: {@code a} dials {@code b}, {@code b} trusts {@code a}. */
  public void link(int a, int b) {
    cuts.remove(a + ":" + nodes.get(b).deviceId().hex());
    cuts.remove(b + ":" + nodes.get(a).deviceId().hex());
    nodes.get(b).trust(nodes.get(a));
    nodes.get(a).addStaticPeer(nodes.get(b));
  }

  public void mesh() {
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        link(i, j);
      }
    }
  }

  public void line() {
    for (int i = 0; i + 1 < nodes.size(); i++) {
      link(i, i + 1);
    }
  }

  /** Unlinks a pair both ways (a partition between them). */
  public void cut(int a, int b) {
    cuts.add(a + ":" + nodes.get(b).deviceId().hex());
    cuts.add(b + ":" + nodes.get(a).deviceId().hex());
    nodes.get(a).network().forget(nodes.get(b).deviceId());
    nodes.get(b).network().forget(nodes.get(a).deviceId());
  }

  /** Whether all running nodes (or the given ones) hold the same knowledge set. */
  public boolean converged(List<HarnessNode> which) {
    return which.stream().map(HarnessNode::root).distinct().count() == 1;
  }

  public void awaitConverged(Duration timeout) {
    awaitConverged(nodes, timeout);
  }

  public void awaitConverged(List<HarnessNode> which, Duration timeout) {
    await(() -> converged(which), timeout, () -> describe(which));
  }

  public static void await(
      BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> why) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + timeout + ": " + why.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  public String describe(List<HarnessNode> which) {
    return which.stream()
        .map(
            n ->
                "node-"
                    + n.number()
                    + "="
                    + n.blocks()
                    + " blocks, root "
                    + n.root().substring(0, 8)
                    + ", peers "
                    + n.connectedPeers().size())
        .collect(Collectors.joining("; "));
  }

  @Override
  public void close() {
    for (HarnessNode n : nodes) {
      n.close();
    }
  }
}
