package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two paired nodes that know no address of each other find each other by mDNS on loopback and sync;
 * a third, unpaired node is only listed as nearby.
 */
@Tag("slow")
class LanDiscoverySyncTest {

  record Node(NodeIdentity id, InMemoryBlockStore store, KnowledgeBase kb, PeerNetwork net) {
    static Node start(int device) throws Exception {
      NodeIdentity id = TestBlocks.identity(device);
      InMemoryBlockStore store = new InMemoryBlockStore();
      BlockVerifier v = new BlockVerifier(Ed25519Engines.fastest());
      KnowledgeBase kb =
          new KnowledgeBase(
              store,
              new ai.kiana.core.block.BlockAuthor(id, new HybridLogicalClock(Clock.systemUTC())),
              v);
      PeerNetwork net =
          new PeerNetwork(
              NetConfig.defaults("127.0.0.1", 0, "lan-" + device, null).withDiscovery(true),
              id,
              store,
              kb,
              v,
              d -> false,
              d -> false,
              Clock.systemUTC());
      net.start();
      return new Node(id, store, kb, net);
    }
  }

  @Test
  void pairedNodesWithoutAddressesFindEachOtherOnTheLanAndSync() throws Exception {
    Node a = Node.start(1);
    Node b = Node.start(2);
    Node stranger = Node.start(3);
    try {
      a.net().addPeer(new PeerRecord(b.id().deviceId(), "b", null, "paired", Instant.now()));
      b.net().addPeer(new PeerRecord(a.id().deviceId(), "a", null, "paired", Instant.now()));
      var block = a.kb().add(ai.kiana.core.block.BlockDraft.fact("found on the LAN"));
      SyncCluster.await(
          () -> b.store().contains(block.id()), Duration.ofSeconds(30), () -> "mDNS + sync");
      SyncCluster.await(
          () ->
              a.net().nearby().stream().anyMatch(n -> n.device().equals(stranger.id().deviceId())),
          Duration.ofSeconds(30),
          () -> "stranger nearby");
      assertThat(a.net().connected(stranger.id().deviceId())).isFalse();
      assertThat(stranger.store().contains(block.id())).isFalse();
    } finally {
      a.net().close();
      b.net().close();
      stranger.net().close();
    }
  }
}
