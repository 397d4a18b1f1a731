package ai.kiana.server.node;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The composition root: builds a node's parts with plain constructors, in dependency order, and
 * closes them in reverse. The HTTP API and the CLI both work on an open node.
 */
public final class Node implements AutoCloseable {

  private final NodeConfig config;
  private final NodeIdentity identity;
  private final BlockStore store;
  private final KnowledgeBase knowledge;
  private final LedgerService ledger;
  private final LedgerStore ledgerStore;
  private final Clock clock;
  private final Instant openedAt;
  private volatile PeerNetwork network;

  private Node(
      NodeConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      LedgerService ledger,
      LedgerStore ledgerStore,
      Clock clock) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.knowledge = knowledge;
    this.ledger = ledger;
    this.ledgerStore = ledgerStore;
    this.clock = clock;
    this.openedAt = clock.instant();
  }

  /**
   * Opens the node on its data directory, creating the directory and the node's key on first use,
   * and the ledger's genesis block (this device its creator and first validator) when the database
   * holds no ledger yet.
   *
   * @throws NodeSetupException if the key or the database cannot be opened
   */
  public static Node open(NodeConfig config) {
    return open(config, Clock.systemUTC());
  }

  public static Node open(NodeConfig config, Clock clock) {
    DataDir.create(config.dataDir());
    Ed25519 ed25519 = Ed25519Engines.fastest();
    NodeIdentity identity = KeyFile.loadOrCreate(config.dataDir(), ed25519);
    Stores stores =
        Stores.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword()));
    try {
      KnowledgeBase knowledge =
          new KnowledgeBase(
              stores.blocks(),
              new BlockAuthor(identity, new HybridLogicalClock(clock)),
              new BlockVerifier(ed25519));
      LedgerService ledger = LedgerService.open(stores.ledger(), identity, ed25519, clock);
      return new Node(config, identity, stores.blocks(), knowledge, ledger, stores.ledger(), clock);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  public NodeConfig config() {
    return config;
  }

  public NodeIdentity identity() {
    return identity;
  }

  public KnowledgeBase knowledge() {
    return knowledge;
  }

  public BlockStore store() {
    return store;
  }

  /** The device ledger: this node's engine, its chain and its pending transactions. */
  public LedgerService ledger() {
    return ledger;
  }

  /** Where the ledger's blocks are stored, for tools that read all of them (backups). */
  public LedgerStore ledgerStore() {
    return ledgerStore;
  }

  // --- sync (net module) ---

  /**
   * Opens the sync port and starts syncing with known peers. Only {@code kiana start} does this;
   * commands that open the node briefly never listen. The ledger says which devices are revoked
   * (refused) and which are known (their blocks accepted besides the paired peers').
   *
   * @throws NodeSetupException if the sync port cannot be bound
   */
  public synchronized PeerNetwork startSync(NetConfig netConfig) {
    if (network != null) {
      return network;
    }
    PeerNetwork n =
        new PeerNetwork(
            netConfig,
            identity,
            store,
            knowledge,
            new BlockVerifier(Ed25519Engines.fastest()),
            d -> {
              DeviceRecord r = ledger.headState().device(d);
              return r != null && r.revoked();
            },
            d -> ledger.headState().isActive(d),
            clock);
    try {
      n.start();
    } catch (IOException e) {
      n.close();
      throw new NodeSetupException(
          "cannot open the sync port " + netConfig.port() + ": " + e.getMessage(),
          "set sync.port to a free port, or sync.enabled=false");
    }
    network = n;
    return n;
  }

  /** The running sync network, or null if sync was not started. */
  public PeerNetwork network() {
    return network;
  }

  // --- end sync ---

  public Duration uptime() {
    return Duration.between(openedAt, clock.instant());
  }

  /** Stops the ledger thread, then closes the database under both stores. */
  @Override
  public void close() {
    PeerNetwork n = network;
    if (n != null) {
      n.close();
    }
    try {
      ledger.close();
    } finally {
      store.close();
    }
  }
}
