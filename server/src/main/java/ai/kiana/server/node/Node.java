package ai.kiana.server.node;

import ai.kiana.ai.filter.InvalidRuleException;
import ai.kiana.ai.filter.PromptFilter;
import ai.kiana.ai.retrieval.StoreSearchRetriever;
import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.server.chat.ChatService;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
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
  private final ChatService chat;
  private final Clock clock;
  private final Instant openedAt;

  private Node(
      NodeConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      LedgerService ledger,
      LedgerStore ledgerStore,
      ChatService chat,
      Clock clock) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.knowledge = knowledge;
    this.ledger = ledger;
    this.ledgerStore = ledgerStore;
    this.chat = chat;
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
      ChatService chat = openChat(config, knowledge, clock);
      LedgerService ledger = LedgerService.open(stores.ledger(), identity, ed25519, clock);
      return new Node(
          config, identity, stores.blocks(), knowledge, ledger, stores.ledger(), chat, clock);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  /** Answers: retrieval over the store's text search until a search index exists. */
  private static ChatService openChat(NodeConfig config, KnowledgeBase knowledge, Clock clock) {
    PromptFilter filter;
    try {
      filter = PromptFilter.open(config.dataDir(), clock);
    } catch (InvalidRuleException e) {
      throw new NodeSetupException(
          "the prompt filter rules in "
              + config.dataDir().resolve(PromptFilter.RULES_FILE)
              + " are invalid: "
              + e.getMessage(),
          "fix or remove that rule in the file");
    }
    return new ChatService(knowledge, new StoreSearchRetriever(knowledge), filter, config.chat());
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

  /** Chat, memories, the prompt filter and the answer backend. */
  public ChatService chat() {
    return chat;
  }

  public Clock clock() {
    return clock;
  }

  public Duration uptime() {
    return Duration.between(openedAt, clock.instant());
  }

  /** Stops the ledger thread, then closes the database under both stores. */
  @Override
  public void close() {
    try {
      chat.close();
      ledger.close();
    } finally {
      store.close();
    }
  }
}
