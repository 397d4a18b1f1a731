package ai.kiana.net.harness;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One real node of a {@link SyncCluster}: a SQLite store in its own directory, a knowledge base
 * signing with the node's key, and a {@link PeerNetwork} on a loopback port. Stopping and starting
 * again reopens the same store and port, as a restarted process would.
 */
public final class HarnessNode implements AutoCloseable {

  public static final Duration FAST_ANTI_ENTROPY = Duration.ofMillis(400);
  public static final Duration FAST_PING = Duration.ofMillis(500);

  private final int number;
  private final NodeIdentity identity;
  private final Path dir;
  private final Predicate<DeviceId> knownDevices;
  private final List<NetConfig.StaticPeer> staticPeers = new ArrayList<>();
  private ai.kiana.net.sync.FollowPolicy follow = ai.kiana.net.sync.FollowPolicy.ALL;
  private BlockStore store;
  private KnowledgeBase knowledge;
  private PeerNetwork network;
  private ai.kiana.net.messages.Messenger messenger;
  private final Set<DeviceId> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int port;

  HarnessNode(int number, Path dir, Predicate<DeviceId> knownDevices) {
    this.number = number;
    this.identity = ai.kiana.testkit.TestBlocks.identity(number);
    this.dir = dir;
    this.knownDevices = knownDevices;
  }

  public void start() {
    store = StoreFactory.open(StoreConfig.sqlite(dir.resolve("kiana.db")));
    BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest());
    knowledge =
        new KnowledgeBase(
            store, new BlockAuthor(identity, new HybridLogicalClock(Clock.systemUTC())), verifier);
    NetConfig config =
        NetConfig.defaults("127.0.0.1", port, "node-" + number, dir.resolve("peers.json"))
            .withTimings(FAST_ANTI_ENTROPY, FAST_PING)
            .withStaticPeers(staticPeers)
            .withFollow(follow);
    network =
        new PeerNetwork(
            config,
            identity,
            store,
            knowledge,
            verifier,
            revoked::contains,
            knownDevices,
            Clock.systemUTC());
    messenger =
        new ai.kiana.net.messages.Messenger(
            identity,
            ai.kiana.net.messages.EncryptionKey.loadOrCreate(dir.resolve("message.key")),
            new ai.kiana.store.messages.SqlMessageStore(
                ((ai.kiana.store.sql.SqlBlockStore) store).database()),
            ai.kiana.net.messages.Signers.offline(Ed25519Engines.fastest()),
            d -> network != null && network.trusted(d),
            Clock.systemUTC());
    network.addExtension(messenger);
    try {
      network.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = network.port();
  }

  /** Stops the node: graceful closes connections with goodbyes, a crash just drops them. */
  public void stop(boolean crash) {
    if (crash) {
      network.abortConnections();
    }
    network.close();
    store.close();
    network = null;
  }

  /** Restarts the node following only {@code follow} (selective sync). */
  public void restartFollowing(Set<ai.kiana.core.block.Scope> follow) {
    restartFollowing(ai.kiana.net.sync.FollowPolicy.ofScopes(follow));
  }

  /** Restarts the node following only what {@code policy} admits (selective sync). */
  public void restartFollowing(ai.kiana.net.sync.FollowPolicy policy) {
    if (network != null) {
      stop(false);
    }
    follow = policy;
    start();
  }

  public boolean running() {
    return network != null;
  }

  void addStaticPeer(HarnessNode other) {
    staticPeers.add(
        new NetConfig.StaticPeer(
            other.deviceId(), ai.kiana.net.peers.PeerAddress.parse("127.0.0.1:" + other.port)));
    if (network != null) {
      network.addPeer(
          new ai.kiana.net.peers.PeerRecord(
              other.deviceId(),
              "node-" + other.number,
              "127.0.0.1:" + other.port,
              "config",
              java.time.Instant.now()));
    }
  }

  /** Trusts {@code other} without dialling it (it will dial us). */
  void trust(HarnessNode other) {
    network.addPeer(
        new ai.kiana.net.peers.PeerRecord(
            other.deviceId(), "node-" + other.number, null, "config", java.time.Instant.now()));
  }

  public DeviceId deviceId() {
    return identity.deviceId();
  }

  public NodeIdentity identity() {
    return identity;
  }

  public int number() {
    return number;
  }

  public KnowledgeBase knowledge() {
    return knowledge;
  }

  public BlockStore store() {
    return store;
  }

  /** End-to-end messages of this node (a new one per start, over the same store). */
  public ai.kiana.net.messages.Messenger messenger() {
    return messenger;
  }

  /** Revokes {@code device} on this node: refused as a peer, its blocks and messages rejected. */
  public void revoke(DeviceId device) {
    revoked.add(device);
  }

  public PeerNetwork network() {
    return network;
  }

  public int port() {
    return port;
  }

  public KnowledgeBlock teach(String content) {
    return knowledge.add(BlockDraft.fact(content));
  }

  public List<KnowledgeBlock> teachMany(String prefix, int n) {
    List<BlockDraft> drafts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      drafts.add(BlockDraft.fact(prefix + " " + i));
    }
    return knowledge.addAll(drafts);
  }

  public String root() {
    return network.index().merkleRootHex();
  }

  public long blocks() {
    return network.index().size();
  }

  public Set<DeviceId> connectedPeers() {
    Set<DeviceId> out = new java.util.HashSet<>();
    for (var v : network.peers()) {
      if (v.state().equals("connected")) {
        out.add(v.device());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (network != null) {
      stop(false);
    }
  }
}
