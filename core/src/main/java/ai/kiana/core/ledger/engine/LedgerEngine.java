package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.engine.LedgerMessage.Blocks;
import ai.kiana.core.ledger.engine.LedgerMessage.GetBlocks;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.engine.LedgerMessage.Status;
import ai.kiana.core.ledger.engine.LedgerMessage.TxAnnounce;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's view of the ledger and its part in sealing it: a deterministic state machine with no
 * threads and no clock. The owner feeds it three kinds of input, each with the current time in
 * epoch milliseconds, and it answers through the {@link LedgerBus}:
 *
 * <ul>
 *   <li>{@link #submit} a signed transaction (from the API, signed with {@link #nextSeq}): checked
 *       against the head state and the pending transactions, pooled and announced;
 *   <li>{@link #onMessage} a message from a peer: blocks are validated against their parent's state
 *       ({@link BlockValidator}), orphans wait for their parent (which is fetched), invalid blocks
 *       are rejected and counted against the sender ({@link #offences});
 *   <li>{@link #tick} regularly (every 100 ms or so; at least every {@link
 *       LedgerEngineConfig#wiggleMillis} / 5): broadcasts the status, re-announces pending
 *       transactions, and seals when it should.
 * </ul>
 *
 * <p><b>Sealing</b> (EIP-225): only a validator that has not sealed recently ({@link
 * LedgerState#sealedRecently}) seals, and only when transactions are pending: the in-turn validator
 * at once (difficulty 2), the others after a wiggle delay that grows with their distance from the
 * in-turn validator (difficulty 1), so the in-turn block usually wins. With nothing pending, a
 * validator seals an empty block only when the head is {@link LedgerEngineConfig#heartbeatMillis}
 * old, for liveness, and only when there is someone to show liveness to: a lone validator never
 * seals empty blocks, so a single device's ledger does not grow while nothing happens. Fork choice:
 * {@link ForkChoice}; on a reorg the transactions of abandoned blocks go back into the {@link
 * TxPool} and are announced again.
 *
 * <p><b>Storage</b>: every accepted block is stored with {@link LedgerStore#put}, together with the
 * head when it becomes the head. A new engine rebuilds every block's state from its store (it
 * trusts its own store: {@code kiana verify --ledger} checks it) and then catches up from its peers
 * through {@link Status} and {@link GetBlocks}.
 *
 * <p>Thread-safe by a lock on the engine; the bus must queue rather than call back. The engine's
 * parts ({@link BlockImporter}, {@link SealScheduler}, {@link ChainSync}, {@link OffenceLog}) are
 * not thread-safe: they are only used from the engine's synchronized methods.
 */
public final class LedgerEngine {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerEngine.class);
  private static final int MAX_REANNOUNCE = 256;

  private final DeviceId me;
  private final LedgerStore store;
  private final LedgerBus bus;
  private final LedgerEngineConfig config;
  private final ForkChoice forks;
  private final TxPool pool;
  private final OffenceLog offences = new OffenceLog();
  private final ChainSync sync;
  private final BlockImporter importer;
  private final SealScheduler sealer;

  private long lastStatusAt = Long.MIN_VALUE;

  /**
   * Opens the engine on {@code store}: an empty store gets {@code genesis} (which must be valid); a
   * store that holds blocks must start with the same genesis, and the engine rebuilds the state
   * after every stored block.
   *
   * @throws IllegalArgumentException if {@code genesis} is invalid
   * @throws IllegalStateException if the store holds another ledger
   */
  public LedgerEngine(
      NodeIdentity identity,
      LedgerBlock genesis,
      LedgerParams params,
      LedgerStore store,
      LedgerBus bus,
      BlockValidator validator,
      LedgerEngineConfig config) {
    this.me = identity.deviceId();
    this.store = store;
    this.bus = bus;
    this.config = config;
    Verdict verdict =
        validator.validate(LedgerState.beforeGenesis(params), genesis, genesis.timestamp());
    if (!(verdict instanceof Verdict.Accepted accepted)) {
      throw new IllegalArgumentException(
          "ledger genesis: " + ((Verdict.Rejected) verdict).violation());
    }
    this.forks = new ForkChoice(genesis, accepted.state());
    Map<String, String> sealedOnParent = new HashMap<>();
    if (store.head().isEmpty()) {
      store.put(genesis, genesis.hash());
    } else {
      rebuild(genesis, sealedOnParent);
    }
    this.pool =
        new TxPool(
            validator.ed25519(),
            me,
            HexFormat.of().formatHex(identity.publicKey()),
            forks.headState(),
            config.maxPending());
    this.sync = new ChainSync(me, bus, config, forks);
    this.importer =
        new BlockImporter(
            me, store, bus, validator, config, forks, pool, sync, offences, sealedOnParent);
    this.sealer =
        new SealScheduler(identity, params, validator, config, bus, forks, pool, importer, sync);
  }

  private void rebuild(LedgerBlock genesis, Map<String, String> sealedOnParent) {
    int[] skipped = {0};
    boolean[] first = {true};
    store.forEach(
        block -> {
          if (first[0]) {
            first[0] = false;
            if (!block.hash().equals(genesis.hash())) {
              throw new IllegalStateException(
                  "the ledger store starts with block "
                      + block.shortHash()
                      + ", not this ledger's genesis "
                      + genesis.shortHash()
                      + "; it belongs to another network");
            }
            return;
          }
          LedgerState parent = forks.state(block.parent());
          if (parent == null || block.isGenesis()) {
            skipped[0]++;
            return;
          }
          forks.add(block, parent.apply(block));
          sealedOnParent.putIfAbsent(BlockImporter.sealKey(block), block.hash());
        });
    if (skipped[0] > 0) {
      LOG.warn("ledger store: {} stored blocks have no stored parent; ignored", skipped[0]);
    }
    String head = forks.head().hash();
    if (!store.head().orElse("").equals(head)) {
      store.setHead(head);
    }
    LOG.debug(
        "ledger: {} blocks rebuilt from the store, head {} at height {}",
        forks.size(),
        forks.head().shortHash(),
        forks.head().height());
  }

  // ---------------------------------------------------------------- inputs

  /**
   * A transaction from this node's API: pooled and announced if it is valid on top of the head and
   * the pending transactions, queued (and announced) if its {@code seq} is above {@link #nextSeq}.
   * Sealing waits for the next {@link #tick}; call it right away for the lowest latency (a failing
   * store then fails the tick, not the submission).
   */
  public synchronized TxAdmission submit(LedgerTx tx, long now) {
    TxAdmission admission = pool.add(tx, now);
    if (admission.accepted()) {
      bus.broadcast(me, new TxAnnounce(tx));
    }
    return admission;
  }

  /** A message from peer {@code from}, received at {@code now}. */
  public synchronized void onMessage(DeviceId from, LedgerMessage message, long now) {
    if (from.equals(me)) {
      return;
    }
    switch (message) {
      case NewBlock m -> importer.importBlock(from, m.block(), now, true);
      case TxAnnounce m -> onTx(from, m.tx(), now);
      case Status m -> sync.onStatus(from, m, now);
      case GetBlocks m -> sync.serve(from, m);
      case Blocks m -> onBlocks(from, m, now);
    }
  }

  /**
   * Time passes: broadcasts the status and re-announces pending transactions every {@link
   * LedgerEngineConfig#statusIntervalMillis}, and seals a block if this validator should now.
   */
  public synchronized void tick(long now) {
    sealer.started(now);
    if (lastStatusAt == Long.MIN_VALUE || now - lastStatusAt >= config.statusIntervalMillis()) {
      lastStatusAt = now;
      sync.expireRequests(now);
      bus.broadcast(me, sync.status());
      for (LedgerTx tx :
          pool.dueForAnnouncement(now - config.statusIntervalMillis(), now, MAX_REANNOUNCE)) {
        bus.broadcast(me, new TxAnnounce(tx));
      }
    }
    sealer.maybeSeal(now);
  }

  // ---------------------------------------------------------------- queries

  public DeviceId deviceId() {
    return me;
  }

  /** The head of the chosen chain. */
  public synchronized LedgerBlock head() {
    return forks.head();
  }

  /** The state after the head: validators, devices, votes, kill switch, …. */
  public synchronized LedgerState headState() {
    return forks.headState();
  }

  /** The pending (executable) transactions, in the order they would be sealed. */
  public synchronized List<LedgerTx> pending() {
    return pool.pending();
  }

  /**
   * Transactions that wait for an earlier {@code seq} of their issuer (see {@link
   * TxAdmission.Outcome#QUEUED}), by issuer, in {@code seq} order.
   */
  public synchronized List<LedgerTx> queued() {
    return pool.queued();
  }

  /** Whether a transaction with this id is pending. */
  public synchronized boolean isPending(String txId) {
    return pool.isPending(txId);
  }

  /** Whether a transaction with this id is queued. */
  public synchronized boolean isQueued(String txId) {
    return pool.isQueued(txId);
  }

  /**
   * The {@code seq} that a new transaction of {@code issuer} must carry: one above the highest of
   * its last on the head chain and its pending transactions. Whoever signs transactions for
   * submission here (the node's own API, tools, tests) takes it from this method; any other choice
   * leaves a gap (the transaction waits, queued) or reuses a {@code seq} (refused as a replay, or
   * one of the two is lost). Queued transactions do not count: they wait for a gap that only this
   * {@code seq} can fill.
   */
  public synchronized long nextSeq(DeviceId issuer) {
    return pool.nextSeq(issuer);
  }

  /** Up to {@code limit} blocks of the chosen chain from {@code fromHeight} up. */
  public synchronized List<LedgerBlock> chain(long fromHeight, int limit) {
    return forks.chain(fromHeight, limit);
  }

  /** A known (validated) block of any fork, or null. */
  public synchronized LedgerBlock block(String hash) {
    return forks.block(hash);
  }

  /** Whether the block is on the chosen chain. */
  public synchronized boolean isCanonical(String hash) {
    return forks.isCanonical(hash);
  }

  /** Validated blocks known, forks included. */
  public synchronized int knownBlocks() {
    return forks.size();
  }

  /** Blocks waiting for their parent. */
  public synchronized int orphanCount() {
    return importer.orphanCount();
  }

  /** How many offences this node has seen from {@code peer} (see {@link Offence}). */
  public synchronized int offences(DeviceId peer) {
    return offences.count(peer);
  }

  /** The latest offences seen (at most 256), oldest first. */
  public synchronized List<Offence> offenceLog() {
    return offences.latest();
  }

  /** This node's head as a {@link Status} message. */
  public synchronized Status status() {
    return sync.status();
  }

  // ---------------------------------------------------------------- transactions

  private void onTx(DeviceId from, LedgerTx tx, long now) {
    TxAdmission admission = pool.add(tx, now);
    if (admission.accepted()) {
      bus.broadcast(me, new TxAnnounce(tx));
    } else if (admission.violation() != null
        && admission.violation().kind() == ViolationKind.BAD_TX_SIGNATURE) {
      // Honest nodes verify before they relay, so only the sender can be at fault.
      offences.record(
          new Offence(
              from,
              forks.headState().height() + 1,
              admission.txId(),
              ViolationKind.BAD_TX_SIGNATURE.wireName(),
              admission.violation().message()));
    }
  }

  // ---------------------------------------------------------------- sync

  private void onBlocks(DeviceId from, Blocks message, long now) {
    long before = forks.headState().totalDifficulty();
    for (LedgerBlock block : message.blocks()) {
      importer.importBlock(from, block, now, false);
    }
    sync.afterBlocks(from, before, now);
  }
}
