package ai.kiana.server.node;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
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
  private final Clock clock;
  private final Instant openedAt;

  private Node(
      NodeConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      Clock clock) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.knowledge = knowledge;
    this.clock = clock;
    this.openedAt = clock.instant();
  }

  /**
   * Opens the node on its data directory, creating the directory and the node's key on first use.
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
    BlockStore store =
        StoreFactory.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword()));
    try {
      KnowledgeBase knowledge =
          new KnowledgeBase(
              store,
              new BlockAuthor(identity, new HybridLogicalClock(clock)),
              new BlockVerifier(ed25519));
      return new Node(config, identity, store, knowledge, clock);
    } catch (RuntimeException e) {
      store.close();
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

  public Duration uptime() {
    return Duration.between(openedAt, clock.instant());
  }

  @Override
  public void close() {
    store.close();
  }
}
