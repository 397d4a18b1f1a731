package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerLimits;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.engine.ForkChoice.HeadChange;
import ai.kiana.core.ledger.engine.LedgerMessage.Blocks;
import ai.kiana.core.ledger.engine.LedgerMessage.GetBlocks;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.engine.LedgerMessage.Status;
import ai.kiana.core.ledger.engine.LedgerMessage.TxAnnounce;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * <p>Thread-safe by a lock on the engine; the bus must queue rather than call back.
 */
public final class LedgerEngine {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerEngine.class);
  private static final int MAX_OFFENCE_LOG = 256;
  private static final int MAX_BAD_BLOCKS = 10_000;
  private static final int MAX_REANNOUNCE = 256;

  private final NodeIdentity identity;
  private final DeviceId me;
  private final LedgerParams params;
  private final LedgerStore store;
  private final LedgerBus bus;
  private final BlockValidator validator;
  private final LedgerEngineConfig config;
  private final ForkChoice forks;
  private final TxPool pool;

  private final Map<DeviceId, Integer> offenceCounts = new HashMap<>();
  private final Deque<Offence> offenceLog = new ArrayDeque<>();
  private final Map<String, Boolean> badBlocks = lru(MAX_BAD_BLOCKS);
  private final LinkedHashMap<String, Orphan> orphans = new LinkedHashMap<>();
  private final Map<String, List<String>> orphansByParent = new HashMap<>();
  private final Map<String, String> sealedOnParent = new HashMap<>();
  private final Map<DeviceId, PeerStatus> peers = new HashMap<>();
  private final Map<String, Long> requested = new HashMap<>();

  private long headSince = Long.MIN_VALUE;
  private long startedAt = Long.MIN_VALUE;
  private long lastStatusAt = Long.MIN_VALUE;

  private record Orphan(DeviceId from, LedgerBlock block, boolean relay) {}

  private record PeerStatus(Status status, long at) {}

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
    this.identity = identity;
    this.me = identity.deviceId();
    this.params = params;
    this.store = store;
    this.bus = bus;
    this.validator = validator;
    this.config = config;
    Verdict verdict =
        validator.validate(LedgerState.beforeGenesis(params), genesis, genesis.timestamp());
    if (!(verdict instanceof Verdict.Accepted accepted)) {
      throw new IllegalArgumentException(
          "ledger genesis: " + ((Verdict.Rejected) verdict).violation());
    }
    this.forks = new ForkChoice(genesis, accepted.state());
    if (store.head().isEmpty()) {
      store.put(genesis, genesis.hash());
    } else {
      rebuild(genesis);
    }
    this.pool =
        new TxPool(
            validator.ed25519(),
            me,
            HexFormat.of().formatHex(identity.publicKey()),
            forks.headState(),
            config.maxPending());
  }

  private void rebuild(LedgerBlock genesis) {
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
          sealedOnParent.putIfAbsent(sealKey(block), block.hash());
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
      case NewBlock m -> importBlock(from, m.block(), now, true);
      case TxAnnounce m -> onTx(from, m.tx(), now);
      case Status m -> onStatus(from, m, now);
      case GetBlocks m -> serve(from, m);
      case Blocks m -> onBlocks(from, m, now);
    }
  }

  /**
   * Time passes: broadcasts the status and re-announces pending transactions every {@link
   * LedgerEngineConfig#statusIntervalMillis}, and seals a block if this validator should now.
   */
  public synchronized void tick(long now) {
    if (startedAt == Long.MIN_VALUE) {
      startedAt = now;
    }
    if (lastStatusAt == Long.MIN_VALUE || now - lastStatusAt >= config.statusIntervalMillis()) {
      lastStatusAt = now;
      requested.values().removeIf(at -> now - at >= config.statusIntervalMillis());
      bus.broadcast(me, status());
      for (LedgerTx tx :
          pool.dueForAnnouncement(now - config.statusIntervalMillis(), now, MAX_REANNOUNCE)) {
        bus.broadcast(me, new TxAnnounce(tx));
      }
    }
    maybeSeal(now);
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
    return orphans.size();
  }

  /** How many offences this node has seen from {@code peer} (see {@link Offence}). */
  public synchronized int offences(DeviceId peer) {
    return offenceCounts.getOrDefault(peer, 0);
  }

  /** The latest offences seen (at most 256), oldest first. */
  public synchronized List<Offence> offenceLog() {
    return List.copyOf(offenceLog);
  }

  /** This node's head as a {@link Status} message. */
  public synchronized Status status() {
    LedgerState head = forks.headState();
    return new Status(head.hash(), head.height(), head.totalDifficulty());
  }

  // ---------------------------------------------------------------- transactions

  private void onTx(DeviceId from, LedgerTx tx, long now) {
    TxAdmission admission = pool.add(tx, now);
    if (admission.accepted()) {
      bus.broadcast(me, new TxAnnounce(tx));
    } else if (admission.violation() != null
        && admission.violation().kind() == ViolationKind.BAD_TX_SIGNATURE) {
      // Honest nodes verify before they relay, so only the sender can be at fault.
      offence(
          new Offence(
              from,
              forks.headState().height() + 1,
              admission.txId(),
              ViolationKind.BAD_TX_SIGNATURE.wireName(),
              admission.violation().message()));
    }
  }

  // ---------------------------------------------------------------- sync

  private void onStatus(DeviceId from, Status status, long now) {
    peers.put(from, new PeerStatus(status, now));
    if (forks.contains(status.headHash())) {
      if (!status.headHash().equals(forks.head().hash())) {
        bus.send(me, from, status()); // it is behind or on a lighter fork: tell it ours
      }
      return;
    }
    if (betterThanHead(status)) {
      requestRange(from, status.height(), now);
    } else {
      bus.send(me, from, status());
    }
  }

  private void serve(DeviceId from, GetBlocks request) {
    int max = Math.min(request.max(), config.syncBatch());
    List<LedgerBlock> blocks =
        request.byHash()
            ? forks.ancestors(request.fromHash(), max)
            : forks.chain(request.fromHeight(), max);
    if (!blocks.isEmpty()) {
      bus.send(me, from, new Blocks(blocks));
    }
  }

  private void onBlocks(DeviceId from, Blocks message, long now) {
    long before = forks.headState().totalDifficulty();
    for (LedgerBlock block : message.blocks()) {
      importBlock(from, block, now, false);
    }
    PeerStatus peer = peers.get(from);
    if (forks.headState().totalDifficulty() > before
        && peer != null
        && !forks.contains(peer.status.headHash())
        && betterThanHead(peer.status)) {
      requestRange(from, peer.status.height(), now);
    }
  }

  private boolean betterThanHead(Status status) {
    LedgerState head = forks.headState();
    return ForkChoice.better(
        status.totalDifficulty(),
        status.height(),
        status.headHash(),
        head.totalDifficulty(),
        head.height(),
        head.hash());
  }

  /** Asks {@code peer} for its chain from where ours may part from it. */
  private void requestRange(DeviceId peer, long peerHeight, long now) {
    long from = Math.max(1, Math.min(forks.headState().height() + 1, peerHeight));
    if (firstRequest("range:" + peer.hex() + ":" + from, now)) {
      bus.send(me, peer, GetBlocks.range(from, config.syncBatch()));
    }
  }

  private boolean firstRequest(String key, long now) {
    Long at = requested.get(key);
    if (at != null && now - at < config.statusIntervalMillis()) {
      return false;
    }
    requested.put(key, now);
    return true;
  }

  private boolean peerAhead(long now) {
    for (PeerStatus peer : peers.values()) {
      if (now - peer.at <= 2 * config.statusIntervalMillis()
          && !forks.contains(peer.status.headHash())
          && betterThanHead(peer.status)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- blocks

  /** Imports a block and then, one by one, the orphans that were waiting for it. */
  private void importBlock(DeviceId from, LedgerBlock block, long now, boolean relay) {
    Deque<Orphan> work = new ArrayDeque<>();
    work.add(new Orphan(from, block, relay));
    while (!work.isEmpty()) {
      Orphan next = work.poll();
      if (importOne(next.from, next.block, now, next.relay)) {
        List<String> children = orphansByParent.remove(next.block.hash());
        if (children != null) {
          for (String child : children) {
            Orphan orphan = orphans.remove(child);
            if (orphan != null) {
              work.add(orphan);
            }
          }
        }
      }
    }
  }

  /** Validates and accepts one block whose parent may be unknown; true if it was accepted. */
  private boolean importOne(DeviceId from, LedgerBlock block, long now, boolean relay) {
    String hash = block.hash();
    LedgerBlock known = forks.block(hash);
    if (known != null) {
      LedgerState parent = forks.state(block.parent());
      if (!known.equals(block) && parent != null) {
        // Same hash, other seal: a forgery of a block we have.
        Verdict verdict = validator.validate(parent, block, now);
        if (verdict instanceof Verdict.Rejected rejected) {
          reject(from, block, rejected.violation(), false);
        }
      }
      return false;
    }
    if (orphans.containsKey(hash)) {
      // Still missing its parent: ask again (at most once per status interval), in case the
      // first request or its answer was lost; otherwise the orphan could wait forever.
      requestParent(from, block, now);
      return false;
    }
    if (block.isGenesis()) {
      reject(
          from,
          block,
          new RuleViolation(0, -1, ViolationKind.INVALID_GENESIS, "genesis of another ledger"),
          false);
      return false;
    }
    if (badBlocks.containsKey(hash)) {
      reject(
          from,
          block,
          new RuleViolation(block.height(), -1, ViolationKind.BAD_HASH, "a block rejected before"),
          false);
      return false;
    }
    if (badBlocks.containsKey(block.parent())) {
      reject(
          from,
          block,
          new RuleViolation(
              block.height(), -1, ViolationKind.BAD_PARENT, "descends from a rejected block"),
          false);
      return false;
    }
    LedgerState parent = forks.state(block.parent());
    if (parent == null) {
      addOrphan(new Orphan(from, block, relay));
      requestParent(from, block, now);
      return false;
    }
    BlockDigest digest = BlockDigest.of(block, validator.ed25519());
    Verdict verdict = validator.validate(parent, digest, now);
    if (verdict instanceof Verdict.Rejected rejected) {
      // Only an authentic block (hash and seal verify) may blacklist its hash, and not for a
      // timestamp that is merely early for this node's clock.
      boolean authentic = digest.hash().equals(hash) && digest.sealVerifies();
      reject(
          from,
          block,
          rejected.violation(),
          authentic && rejected.violation().kind() != ViolationKind.TIMESTAMP_IN_FUTURE);
      return false;
    }
    accept(block, ((Verdict.Accepted) verdict).state(), now);
    if (relay) {
      bus.broadcast(me, new NewBlock(block));
    }
    return true;
  }

  private void accept(LedgerBlock block, LedgerState state, long now) {
    boolean newHead = forks.wouldBeHead(state);
    store.put(block, newHead ? block.hash() : null);
    HeadChange change = forks.add(block, state);
    String first = sealedOnParent.putIfAbsent(sealKey(block), block.hash());
    if (first != null && !first.equals(block.hash())) {
      offence(
          new Offence(
              block.proposer(),
              block.height(),
              block.hash(),
              Offence.DOUBLE_SEAL,
              "sealed "
                  + block.shortHash()
                  + " and "
                  + first.substring(0, 12)
                  + " on the same parent"));
    }
    if (change != null) {
      onHeadChange(change, now);
    }
  }

  private void onHeadChange(HeadChange change, long now) {
    headSince = now;
    List<LedgerTx> returned = new ArrayList<>();
    List<LedgerBlock> abandoned = new ArrayList<>(change.abandoned());
    Collections.reverse(abandoned);
    for (LedgerBlock block : abandoned) {
      returned.addAll(block.txs());
    }
    List<LedgerTx> back = pool.reset(forks.headState(), returned, now);
    for (LedgerTx tx : back) {
      bus.broadcast(me, new TxAnnounce(tx));
    }
    if (change.isReorg()) {
      LOG.info(
          "ledger reorg: head {}@{} -> {}@{}, {} blocks abandoned, {} of their {} transactions"
              + " back in the pool (the others are on the new chain, or their seq is spent)",
          change.oldHead().shortHash(),
          change.oldHead().height(),
          change.newHead().shortHash(),
          change.newHead().height(),
          change.abandoned().size(),
          back.size(),
          returned.size());
    }
  }

  private void reject(DeviceId from, LedgerBlock block, RuleViolation violation, boolean bad) {
    if (bad) {
      badBlocks.put(block.hash(), Boolean.TRUE);
      // Orphans waiting for it can never be valid either.
      List<String> children = orphansByParent.remove(block.hash());
      if (children != null) {
        for (String child : children) {
          Orphan orphan = orphans.remove(child);
          if (orphan != null) {
            offence(
                new Offence(
                    orphan.from,
                    orphan.block.height(),
                    child,
                    ViolationKind.BAD_PARENT.wireName(),
                    "descends from rejected block " + block.shortHash()));
          }
        }
      }
    }
    offence(
        new Offence(
            from, block.height(), block.hash(), violation.kind().wireName(), violation.message()));
  }

  private void offence(Offence offence) {
    offenceCounts.merge(offence.by(), 1, Integer::sum);
    offenceLog.addLast(offence);
    if (offenceLog.size() > MAX_OFFENCE_LOG) {
      offenceLog.removeFirst();
    }
    LOG.info("ledger offence: {}", offence);
  }

  private void addOrphan(Orphan orphan) {
    if (orphans.size() >= config.maxOrphans()) {
      Iterator<Map.Entry<String, Orphan>> oldest = orphans.entrySet().iterator();
      Orphan evicted = oldest.next().getValue();
      oldest.remove();
      List<String> siblings = orphansByParent.get(evicted.block.parent());
      if (siblings != null) {
        siblings.remove(evicted.block.hash());
        if (siblings.isEmpty()) {
          orphansByParent.remove(evicted.block.parent());
        }
      }
    }
    orphans.put(orphan.block.hash(), orphan);
    orphansByParent
        .computeIfAbsent(orphan.block.parent(), k -> new ArrayList<>())
        .add(orphan.block.hash());
  }

  /**
   * Fetches what an orphan is missing: the ancestors of the oldest missing block from the peer that
   * sent it, or a range of that peer's chain when the orphan is far ahead.
   */
  private void requestParent(DeviceId from, LedgerBlock block, long now) {
    LedgerBlock root = block;
    Orphan parent;
    while ((parent = orphans.get(root.parent())) != null && parent.block != root) {
      root = parent.block;
    }
    if (root.height() - forks.headState().height() > config.syncBatch()) {
      requestRange(from, root.height(), now);
    } else if (firstRequest("ancestors:" + root.parent(), now)) {
      bus.send(me, from, GetBlocks.ancestors(root.parent(), config.syncBatch()));
    }
  }

  // ---------------------------------------------------------------- sealing

  private void maybeSeal(long now) {
    LedgerState head = forks.headState();
    if (!head.isValidator(me) || head.sealedRecently(me)) {
      return;
    }
    long earliest = head.timestamp() + params.periodMillis();
    if (now < earliest) {
      return;
    }
    long readyAt;
    if (!pool.isEmpty()) {
      readyAt = Math.max(headSince, pool.oldestArrival());
    } else if (config.heartbeatMillis() > 0
        && head.validators().size() > 1
        && now - startedAt >= config.statusIntervalMillis()
        && !peerAhead(now)) {
      readyAt = head.timestamp() + config.heartbeatMillis();
    } else {
      return;
    }
    int rank = rank(head);
    long sealAt = rank == 0 ? readyAt : readyAt + wiggle(head, rank);
    if (now < sealAt) {
      return;
    }
    boolean checkpoint = params.isEpochBlock(head.height() + 1);
    List<LedgerTx> txs = pool.select(checkpoint, LedgerLimits.MAX_TXS_PER_BLOCK);
    LedgerBlock block = BlockSealer.next(identity, head, now, txs);
    Verdict verdict = validator.validate(head, block, now);
    if (verdict instanceof Verdict.Rejected rejected) {
      RuleViolation violation = rejected.violation();
      LOG.warn("ledger: own block {} is invalid, not sent: {}", block.shortHash(), violation);
      if (violation.txIndex() >= 0) {
        pool.remove(TxCodec.id(txs.get(violation.txIndex())));
      }
      return;
    }
    accept(block, ((Verdict.Accepted) verdict).state(), now);
    bus.broadcast(me, new NewBlock(block));
    LOG.debug(
        "ledger: sealed {} at height {} with {} transactions ({})",
        block.shortHash(),
        block.height(),
        txs.size(),
        rank == 0 ? "in turn" : "out of turn");
  }

  /** 0 if this validator is in turn for the next block, else how many places after it. */
  private int rank(LedgerState head) {
    List<DeviceId> validators = head.validators();
    int n = validators.size();
    int mine = Collections.binarySearch(validators, me);
    int inTurn = (int) ((head.height() + 1) % n);
    return Math.floorMod(mine - inTurn, n);
  }

  /**
   * The out-of-turn delay: {@code rank * wiggle} plus a jitter below {@code wiggle / 2} that
   * depends only on the seed, the height and this device, so runs repeat exactly.
   */
  private long wiggle(LedgerState head, int rank) {
    long step = config.wiggleMillis();
    long jitterRange = Math.max(1, step / 2);
    long mixed = mix(config.seed() ^ (head.height() + 1) * 0x9E3779B97F4A7C15L ^ me.hashCode());
    return rank * step + Math.floorMod(mixed, jitterRange);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String sealKey(LedgerBlock block) {
    return block.parent() + "/" + block.proposer().hex();
  }

  private static <K> Map<K, Boolean> lru(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
        return size() > max;
      }
    };
  }
}
