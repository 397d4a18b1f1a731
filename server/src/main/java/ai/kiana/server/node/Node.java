package ai.kiana.server.node;

import ai.kiana.ai.documents.FolderWatcher;
import ai.kiana.ai.documents.FollowedFolders;
import ai.kiana.ai.filter.InvalidRuleException;
import ai.kiana.ai.filter.PromptFilter;
import ai.kiana.ai.retrieval.KnowledgeSearch;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.ai.retrieval.StoreSearchRetriever;
import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerKeys;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.messages.EncryptionKey;
import ai.kiana.net.messages.Messenger;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.server.access.Security;
import ai.kiana.server.chat.ChatService;
import ai.kiana.server.documents.ImportJobs;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.limits.AccessConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.index.IndexException;
import ai.kiana.store.ledger.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The composition root: builds a node's parts with plain constructors, in dependency order, and
 * closes them in reverse. The HTTP API and the CLI both work on an open node.
 */
public final class Node implements AutoCloseable {

  private final NodeConfig config;
  private final NodeIdentity identity;
  private final Stores stores;
  private final KnowledgeBase knowledge;
  private final LedgerService ledger;
  private final Security security;
  private final KnowledgeSearch search; // null when another process holds the index
  private final String searchUnavailable;
  private final ImportJobs importJobs;
  private final ChatService chat;
  private final NodeSync sync;
  private final Clock clock;
  private final Closer closer;
  private final Instant openedAt;

  private Node(
      NodeConfig config,
      NodeIdentity identity,
      Stores stores,
      KnowledgeBase knowledge,
      LedgerService ledger,
      Security security,
      SearchOpening search,
      ImportJobs importJobs,
      ChatService chat,
      EncryptionKey messageKey,
      Clock clock,
      Closer closer) {
    this.config = config;
    this.identity = identity;
    this.stores = stores;
    this.knowledge = knowledge;
    this.ledger = ledger;
    this.security = security;
    this.search = search.search();
    this.searchUnavailable = search.unavailable();
    this.importJobs = importJobs;
    this.chat = chat;
    this.clock = clock;
    this.sync = new NodeSync(identity, stores, knowledge, ledger, security, messageKey, clock);
    this.closer = closer;
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
    Node node = openOnce(config, clock);
    // A key rotation interrupted after its seal: switch the key file, then open with the new key.
    if (ai.kiana.server.ledger.KeyRotation.finishPending(node)) {
      node.close();
      return openOnce(config, clock);
    }
    return node;
  }

  private static Node openOnce(NodeConfig config, Clock clock) {
    DataDir.create(config.dataDir());
    Ed25519 ed25519 = Ed25519Engines.fastest();
    NodeIdentity identity = KeyFile.loadOrCreate(config.dataDir(), ed25519);
    Closer closer = new Closer();
    try {
      Stores stores =
          closer.add(
              Stores.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword())));
      // Blocks signed after a key rotation verify by the ledger's record of the author's keys.
      var ledgerRef = new java.util.concurrent.atomic.AtomicReference<LedgerService>();
      KnowledgeBase knowledge =
          new KnowledgeBase(
              stores.blocks(),
              new BlockAuthor(identity, new HybridLogicalClock(clock)),
              new BlockVerifier(
                  ed25519,
                  new LedgerKeys(
                      () -> ledgerRef.get() == null ? null : ledgerRef.get().headState())));
      LedgerService ledger =
          closer.add(LedgerService.open(stores.ledger(), identity, ed25519, clock));
      ledgerRef.set(ledger);
      // Accounts, audit log, kill switch, revocation, limits (DESIGN.md, "Safety").
      Security security =
          closer.add(
              Security.open(
                  config.dataDir(),
                  stores.database(),
                  ledger,
                  AccessConfig.load(config.dataDir(), System.getenv()),
                  clock));
      SearchOpening search = SearchOpening.open(config, knowledge, stores.blocks());
      if (search.search() != null) {
        closer.add(search.search());
      }
      ImportJobs importJobs = closer.add(new ImportJobs(clock));
      ChatService chat =
          closer.add(openChat(config, knowledge, search.retriever(knowledge), clock));
      return new Node(
          config,
          identity,
          stores,
          knowledge,
          ledger,
          security,
          search,
          importJobs,
          chat,
          messageKey(config),
          clock,
          closer);
    } catch (RuntimeException e) {
      closer.closeAfter(e);
      throw e;
    }
  }

  private static EncryptionKey messageKey(NodeConfig config) {
    try {
      return EncryptionKey.loadOrCreate(DataDir.messageKeyFile(config.dataDir()));
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw new NodeSetupException(e.getMessage(), "fix the file's permissions or restore it");
    }
  }

  /** End-to-end messages between the user's devices; they travel while sync runs. */
  public Messenger messenger() {
    return sync.messenger();
  }

  /** The search index, or why this process could not open it. */
  private record SearchOpening(KnowledgeSearch search, String unavailable) {

    static SearchOpening open(NodeConfig config, KnowledgeBase knowledge, BlockStore blocks) {
      try {
        return new SearchOpening(
            KnowledgeSearch.open(
                DataDir.indexDir(config.dataDir()), config.embedding(), knowledge, blocks),
            null);
      } catch (IndexException e) {
        // Another process (the running node) holds the index: commands that do not search still
        // work; the index catches up with what this process stores when its node next opens.
        return new SearchOpening(null, e.getMessage());
      }
    }

    /** The hybrid retriever, or the store's own text search while the index is unavailable. */
    Retriever retriever(KnowledgeBase knowledge) {
      return search != null ? search.retriever() : new StoreSearchRetriever(knowledge);
    }
  }

  private static ChatService openChat(
      NodeConfig config, KnowledgeBase knowledge, Retriever retriever, Clock clock) {
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
    return new ChatService(knowledge, retriever, filter, config.chat());
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
    return stores.blocks();
  }

  /** The database under the stores, for the node's own tables (backups of accounts, audit). */
  public ai.kiana.store.sql.Database database() {
    return stores.database();
  }

  /** The device ledger: this node's engine, its chain and its pending transactions. */
  public LedgerService ledger() {
    return ledger;
  }

  /** Where the ledger's blocks are stored, for tools that read all of them (backups). */
  public LedgerStore ledgerStore() {
    return stores.ledger();
  }

  /** Accounts, sessions, audit log, kill switch, device revocation and rate limits. */
  public Security security() {
    return security;
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

  /** What chat backends ask for passages; superseded and retracted blocks are never returned. */
  public Retriever retriever() {
    return search().retriever();
  }

  /** Background document imports started through the API. */
  public ImportJobs importJobs() {
    return importJobs;
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

  /** Chat, memories, the prompt filter and the answer backend. */
  public ChatService chat() {
    return chat;
  }

  /**
   * Opens the sync port and starts syncing with known peers. Only {@code kiana start} does this;
   * commands that open the node briefly never listen. The ledger says which devices are revoked
   * (refused) and which are known (admitted, their blocks accepted besides the paired peers'); the
   * ledger's own blocks and transactions travel over the same connections. While the node is halted
   * the network runs for the ledger only (PeerPermissions).
   *
   * @return the network
   * @throws NodeSetupException if the sync port cannot be bound
   */
  public PeerNetwork startSync(NetConfig netConfig) {
    return sync.start(netConfig);
  }

  /**
   * Follows {@code policy} from now on (selective sync): the running network redials its peers with
   * it, and a restart after a resume keeps it. Does not persist it; the settings API does.
   */
  public void follow(FollowPolicy policy) {
    sync.follow(policy);
  }

  /** What sync follows now, if it was started (possibly paused while halted). */
  public Optional<FollowPolicy> following() {
    return sync.following();
  }

  /** The running sync network, or null if sync was not started. */
  public PeerNetwork network() {
    return sync.network();
  }

  public Clock clock() {
    return clock;
  }

  public Duration uptime() {
    return Duration.between(openedAt, clock.instant());
  }

  /**
   * Stops sync, then closes every part in the reverse order of opening; the database under the
   * stores last.
   */
  @Override
  public void close() {
    try {
      sync.stop();
    } finally {
      closer.close();
    }
  }
}
