package ai.kiana.server.node;

import ai.kiana.ai.documents.FolderWatcher;
import ai.kiana.ai.documents.FollowedFolders;
import ai.kiana.ai.retrieval.KnowledgeSearch;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.server.access.Security;
import ai.kiana.server.documents.ImportJobs;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.limits.AddressFilter;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.index.IndexException;
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
  private final Clock clock;
  private final Instant openedAt;
  private Security security;
  // --- retrieval: search index, embedder, documents (null when another process holds the index)
  private final KnowledgeSearch search;
  private final String searchUnavailable;
  private final ImportJobs importJobs;

  private Node(
      NodeConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      LedgerService ledger,
      LedgerStore ledgerStore,
      Clock clock,
      KnowledgeSearch search,
      String searchUnavailable) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.knowledge = knowledge;
    this.ledger = ledger;
    this.ledgerStore = ledgerStore;
    this.clock = clock;
    this.openedAt = clock.instant();
    this.search = search;
    this.searchUnavailable = searchUnavailable;
    this.importJobs = new ImportJobs(clock);
  }

  /** Background document imports started through the API. */
  public ImportJobs importJobs() {
    return importJobs;
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
      Node node =
          new Node(config, identity, stores.blocks(), knowledge, ledger, stores.ledger(), clock);
      // Security: accounts, audit log, kill switch, revocation, limits (DESIGN.md, "Safety").
      try {
        node.security =
            Security.open(
                config.dataDir(),
                stores.database(),
                ledger,
                AddressFilter.load(config.dataDir(), System.getenv()),
                clock);
      } catch (RuntimeException e) {
        ledger.close();
        throw e;
      }
      return node;
      KnowledgeSearch search = null;
      String searchUnavailable = null;
      try {
        search =
            KnowledgeSearch.open(
                DataDir.indexDir(config.dataDir()), config.embedding(), knowledge, stores.blocks());
      } catch (IndexException e) {
        // Another process (the running node) holds the index: commands that do not search still
        // work; the index catches up with what this process stores when its node next opens.
        searchUnavailable = e.getMessage();
      }
      try {
        LedgerService ledger = LedgerService.open(stores.ledger(), identity, ed25519, clock);
        return new Node(
            config,
            identity,
            stores.blocks(),
            knowledge,
            ledger,
            stores.ledger(),
            clock,
            search,
            searchUnavailable);
      } catch (RuntimeException e) {
        if (search != null) {
          search.close();
        }
        throw e;
      }
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  /**
   * Search over this node's knowledge: the hybrid retriever, the document importer, reindexing.
   *
   * @throws NodeSetupException if another process (the running node) holds the search index
   */
  public KnowledgeSearch search() {
    if (search == null) {
      throw new NodeSetupException(
          "search is not available here: " + searchUnavailable,
          "stop the running node first, or use its HTTP API");
    }
    return search;
  }

  /**
   * Starts following the folders listed by {@code kiana follow} (a scan every few seconds until the
   * returned watcher is closed).
   */
  public FolderWatcher followFolders() {
    return new FolderWatcher(
            search().importer(), new FollowedFolders(DataDir.followedFolders(config.dataDir())))
        .start(FolderWatcher.DEFAULT_INTERVAL);
  }

  /** What chat backends ask for passages; superseded and retracted blocks are never returned. */
  public Retriever retriever() {
    return search().retriever();
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

  /** Accounts, sessions, audit log, kill switch, device revocation and rate limits. */
  public Security security() {
    return security;
  }

  public Duration uptime() {
    return Duration.between(openedAt, clock.instant());
  }

  /** Stops the ledger thread, closes the search index, then the database under both stores. */
  @Override
  public void close() {
    try {
      security.close();
      importJobs.close();
      ledger.close();
      if (search != null) {
        search.close();
      }
    } finally {
      store.close();
    }
  }
}
