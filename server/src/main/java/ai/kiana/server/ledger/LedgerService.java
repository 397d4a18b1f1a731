package ai.kiana.server.ledger;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.LedgerBus;
import ai.kiana.core.ledger.engine.LedgerEngine;
import ai.kiana.core.ledger.engine.LedgerEngineConfig;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.core.ledger.engine.TxAdmission;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.server.node.NodeSetupException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the device ledger: owns its {@link LedgerEngine} and drives it from one
 * thread. Everything that changes the engine (submitting, messages from peers, the clock tick that
 * seals) runs on that thread, in order; reads go to the engine directly (it is thread-safe).
 *
 * <p>The engine talks to peers through a bus: {@link LocalBus} (nobody) until sync starts, then the
 * device transport ({@link #connect}, net's {@code LedgerLink}), which carries its blocks and
 * transactions to the other devices of the network.
 *
 * <p>A transaction this node submits is sealed on the next tick, which a submission triggers at
 * once rather than waiting for the {@link #DEFAULT_TICK_PERIOD}: {@link Submission#sealed()}
 * completes when a block with it is on the chosen chain and stored.
 */
public final class LedgerService implements AutoCloseable {

  /** The consensus parameters; every node of one network must use the same. */
  public static final LedgerParams DEFAULT_PARAMS = LedgerParams.DEFAULTS;

  /**
   * Heartbeats on: the engine seals empty blocks only while there is more than one validator, so a
   * single device's ledger stays still while nothing happens.
   */
  public static final LedgerEngineConfig DEFAULT_ENGINE_CONFIG = LedgerEngineConfig.DEFAULTS;

  /** How often the engine's clock ticks (it seals, re-announces and reports status on ticks). */
  public static final Duration DEFAULT_TICK_PERIOD = Duration.ofMillis(200);

  /** The name the genesis block gives this device when it creates the ledger. */
  public static final String DEFAULT_CREATOR_NAME = "mother";

  /** The longest a caller waits for the ledger thread to take its submission. */
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);

  // Replaced only when the device adopts another network's ledger (adopt), on the ledger thread.
  private volatile LedgerEngine engine;
  private volatile LedgerBlock genesis;
  private final NodeIdentity identity;
  private final LedgerStore store;
  private final LedgerParams params;
  private final LedgerEngineConfig engineConfig;
  private final BlockValidator validator;
  private final RelayBus bus;
  private final Clock clock;
  private final long periodMillis;
  private final long tickMillis;
  private final ScheduledExecutorService thread;
  private final HeadFollower follower;
  // Only touched on the ledger thread.
  private long earlyTickFor = Long.MIN_VALUE;

  /** What became of a submitted transaction. */
  public record Submission(
      LedgerTx tx, String txId, TxAdmission admission, CompletableFuture<LedgerBlock> sealed) {}

  private LedgerService(
      LedgerEngine engine,
      NodeIdentity identity,
      Clock clock,
      LedgerParams params,
      Duration tickPeriod,
      LedgerStore store,
      LedgerEngineConfig engineConfig,
      BlockValidator validator,
      RelayBus bus) {
    this.engine = engine;
    this.genesis = engine.chain(0, 1).get(0);
    this.identity = identity;
    this.store = store;
    this.params = params;
    this.engineConfig = engineConfig;
    this.validator = validator;
    this.bus = bus;
    this.clock = clock;
    this.periodMillis = params.periodMillis();
    this.tickMillis = tickPeriod.toMillis();
    this.follower = new HeadFollower(engine.head());
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kiana-ledger").daemon().unstarted(r));
    thread.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the ledger of a node with the default parameters and starts its thread. A store without a
   * ledger gets a new genesis block, with this device as its creator and only validator: the first
   * node of a network creates the network (on {@code kiana init} or its first start).
   *
   * @throws NodeSetupException if the store holds another network's ledger
   */
  public static LedgerService open(
      LedgerStore store, NodeIdentity identity, Ed25519 ed25519, Clock clock) {
    return open(
        store,
        identity,
        ed25519,
        clock,
        DEFAULT_PARAMS,
        DEFAULT_ENGINE_CONFIG,
        DEFAULT_TICK_PERIOD);
  }

  /** As {@link #open(LedgerStore, NodeIdentity, Ed25519, Clock)} with every setting given. */
  public static LedgerService open(
      LedgerStore store,
      NodeIdentity identity,
      Ed25519 ed25519,
      Clock clock,
      LedgerParams params,
      LedgerEngineConfig config,
      Duration tickPeriod) {
    LedgerBlock genesis =
        LedgerSetup.genesisOf(store)
            .orElseGet(() -> LedgerSetup.newGenesis(identity, clock.millis()));
    LedgerEngine engine;
    RelayBus bus = new RelayBus();
    BlockValidator validator = RuleFactory.blockValidator(ed25519);
    try {
      engine = new LedgerEngine(identity, genesis, params, store, bus, validator, config);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new NodeSetupException(
          "the ledger in the database cannot be opened: " + e.getMessage(),
          "run 'kiana verify --ledger'; restore a backup if it reports damage");
    }
    return new LedgerService(
        engine, identity, clock, params, tickPeriod, store, config, validator, bus);
  }

  /**
   * Sends the engine's messages to {@code peers} (the device transport) from now on, instead of to
   * nobody; null goes back to a node without peers.
   */
  public void connect(LedgerBus peers) {
    bus.target = peers == null ? RelayBus.LOCAL : peers;
  }

  /**
   * Makes {@code genesis} this device's ledger, as a device does that pairs with a node of an
   * existing network: allowed only while its own ledger holds nothing but its genesis. Pending
   * transactions and their futures are dropped; the head listeners see the new state.
   *
   * @return false if {@code genesis} already is this ledger's genesis (nothing changed)
   * @throws IllegalStateException if this ledger holds more than its genesis, or {@code genesis} is
   *     not a valid genesis block
   */
  public boolean adopt(LedgerBlock genesis) {
    return call(
        () -> {
          LedgerEngine old = engine;
          LedgerBlock own = old.chain(0, 1).get(0);
          if (own.hash().equals(genesis.hash())) {
            return false;
          }
          if (old.head().height() > 0 || store.count() > 1) {
            throw new IllegalStateException(
                "this device already keeps its own ledger ("
                    + old.head().height()
                    + " blocks after its genesis "
                    + own.shortHash()
                    + "); only a device whose ledger holds nothing but its genesis can join"
                    + " another network: start it on a new data directory");
          }
          if (validator.validate(LedgerState.beforeGenesis(params), genesis, genesis.timestamp())
              instanceof Verdict.Rejected rejected) {
            throw new IllegalStateException(
                "the other network's genesis is invalid: " + rejected.violation());
          }
          store.replaceGenesis(genesis);
          engine = new LedgerEngine(identity, genesis, params, store, bus, validator, engineConfig);
          this.genesis = genesis;
          follower.cancelAll();
          LOG.info(
              "ledger: adopted the network of genesis {} (own genesis {} given up)",
              genesis.shortHash(),
              own.shortHash());
          settle();
          return true;
        });
  }

  /** This engine's head as peers see it. */
  public LedgerMessage.Status status() {
    return engine.status();
  }

  /** The genesis block of this node's ledger. */
  public LedgerBlock genesis() {
    return genesis;
  }

  // ---------------------------------------------------------------- changes (on the ledger thread)

  /**
   * Signs {@code payload} as this device with its next sequence number (above its last on the chain
   * and its pending ones) and submits it.
   *
   * @throws StoreException if the ledger thread does not answer in time
   * @throws IllegalStateException if the service is closed
   */
  public Submission submit(TxPayload payload) {
    return call(
        () -> {
          DeviceId me = identity.deviceId();
          return submitNow(LedgerTx.sign(identity, engine.nextSeq(me), payload));
        });
  }

  /** Submits a transaction signed elsewhere (by this or another device). */
  public Submission submit(LedgerTx tx) {
    return call(() -> submitNow(tx));
  }

  /** A message from a peer (the sync transport calls this). */
  public void onMessage(DeviceId from, LedgerMessage message) {
    thread.execute(
        () -> {
          engine.onMessage(from, message, clock.millis());
          settle();
        });
  }

  private Submission submitNow(LedgerTx tx) {
    TxAdmission admission = engine.submit(tx, clock.millis());
    CompletableFuture<LedgerBlock> sealed = new CompletableFuture<>();
    switch (admission.outcome()) {
      case POOLED, QUEUED, DUPLICATE -> {
        follower.await(admission.txId(), sealed);
        thread.execute(this::tick); // seal now rather than on the next scheduled tick
      }
      case REJECTED, POOL_FULL -> sealed.cancel(false);
    }
    return new Submission(tx, admission.txId(), admission, sealed);
  }

  private void tick() {
    try {
      engine.tick(clock.millis());
      settle();
      tickWhenThePeriodEnds();
    } catch (RuntimeException e) {
      // The next tick retries (a store that was briefly unavailable, say); stopping the ledger
      // thread would stop this node from sealing for good.
      LOG.warn("ledger tick failed: {}", e.getMessage(), e);
    }
  }

  /**
   * A transaction that arrives within the block period after the head waits for the period to end;
   * one extra tick then seals it, instead of the next regular tick up to {@link
   * #DEFAULT_TICK_PERIOD} later. Scheduled once per head, so a clock that stands still (in tests)
   * does not make it spin.
   */
  private void tickWhenThePeriodEnds() {
    long earliest = engine.head().timestamp() + periodMillis;
    long wait = earliest - clock.millis();
    if (wait > 0
        && wait < tickMillis
        && earliest != earlyTickFor
        && !thread.isShutdown()
        && !engine.pending().isEmpty()) {
      earlyTickFor = earliest;
      thread.schedule(this::tick, wait, TimeUnit.MILLISECONDS);
    }
  }

  /** Completes the futures of transactions that the chosen chain now holds. */
  private void settle() {
    follower.settle(engine);
  }

  /**
   * Calls {@code listener} with the state after the new head whenever the chosen chain's head
   * changes (a block sealed here or received), on the ledger thread: the listener must be quick and
   * must not call {@link #submit} (it would wait for the thread it runs on). The kill switch and
   * device revocation follow the ledger this way.
   */
  public void onHeadChange(Consumer<LedgerState> listener) {
    follower.addListener(listener);
  }

  private <T> T call(Callable<T> work) {
    try {
      return thread.submit(work).get(DEFAULT_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the ledger thread failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException(
          "the ledger did not answer within " + DEFAULT_CALL_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ledger", e);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the ledger is closed", e);
    }
  }

  // ---------------------------------------------------------------- reads (any thread)

  public DeviceId deviceId() {
    return identity.deviceId();
  }

  /** The head of the chosen chain. */
  public LedgerBlock head() {
    return engine.head();
  }

  /** The state after the head: validators, devices, votes, kill switch, model, checkpoints. */
  public LedgerState headState() {
    return engine.headState();
  }

  /** Transactions waiting to be sealed, in the order they would be. */
  public List<LedgerTx> pending() {
    return engine.pending();
  }

  /** Up to {@code limit} blocks of the chosen chain from {@code fromHeight} up. */
  public List<LedgerBlock> chain(long fromHeight, int limit) {
    return engine.chain(fromHeight, limit);
  }

  /** A validated block of any fork this node knows, or null. */
  public LedgerBlock block(String hash) {
    return engine.block(hash);
  }

  /** Whether the block is on the chosen chain. */
  public boolean isCanonical(String hash) {
    return engine.isCanonical(hash);
  }

  /**
   * Stops the ledger thread (a tick under way finishes first) and cancels the {@link
   * Submission#sealed()} futures still waiting. Pending transactions are not kept: the pool lives
   * in memory. Idempotent; the store stays open (the node closes it).
   */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(DEFAULT_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    follower.cancelAll();
  }

  /** Whether the ledger thread has stopped (after {@link #close}). */
  boolean stopped() {
    return thread.isTerminated();
  }
}
