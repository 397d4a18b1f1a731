package ai.kiana.core.ledger.engine;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxType;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signed transactions waiting to be sealed, deduplicated by id, in two parts, as account-nonce
 * pools keep them:
 *
 * <ul>
 *   <li><b>pending</b>: the executable ones, in the order they would be sealed. Invariant: applied
 *       one after another on top of the head state, every pending transaction is valid under the
 *       transaction rules ({@link RuleFactory#txRules()}), so a later one may rely on an earlier
 *       one (admit a device, then vote on it). An issuer's pending transactions therefore carry
 *       consecutive {@code seq}s that continue its last on the head chain.
 *   <li><b>queued</b>: transactions whose {@code seq} lies beyond a gap (an earlier one of the
 *       issuer has not arrived yet); they move to pending, in {@code seq} order, once the gap
 *       fills. At most {@link #DEFAULT_MAX_QUEUED_PER_ISSUER} per issuer (the lowest {@code seq}s
 *       are kept), and only for issuers that are admitted devices.
 * </ul>
 *
 * <p>Whenever the head changes, {@link #reset} re-applies the invariant: transactions sealed on the
 * new chain become replays (their {@code seq} is spent) and drop out, as do ones that the new state
 * makes invalid; transactions of blocks a reorg abandoned come back first. Since {@code seq}s have
 * no gaps, an abandoned transaction is never a replay on the new chain unless that chain holds it
 * (or another transaction its issuer signed with the same {@code seq}): it is sealed again, in
 * order. Pending and queued transactions together number at most {@code maxSize}.
 *
 * <p>Not thread-safe: the {@link LedgerEngine} owns it.
 */
public final class TxPool {

  /** Queued (not yet executable) transactions kept per issuer by default. */
  public static final int DEFAULT_MAX_QUEUED_PER_ISSUER = 64;

  private final TxPoolChecks checks;
  private final int maxSize;
  private final int maxQueuedPerIssuer;
  private Map<String, PooledTx> byId = new HashMap<>();
  private Map<String, PooledTx> queuedById = new HashMap<>();
  private Map<DeviceId, TreeMap<Long, PooledTx>> queued = new LinkedHashMap<>();
  private List<PooledTx> entries = new ArrayList<>();
  private LedgerState head;
  private LedgerState pendingState;
  private long arrivals;

  /**
   * @param owner the device that runs the pool; it stands in as the proposer of the block the
   *     transactions are checked for
   */
  public TxPool(Ed25519 ed25519, DeviceId owner, String ownerKey, LedgerState head, int maxSize) {
    this(ed25519, owner, ownerKey, head, maxSize, DEFAULT_MAX_QUEUED_PER_ISSUER);
  }

  public TxPool(
      Ed25519 ed25519,
      DeviceId owner,
      String ownerKey,
      LedgerState head,
      int maxSize,
      int maxQueuedPerIssuer) {
    if (maxQueuedPerIssuer < 0) {
      throw new IllegalArgumentException(
          "maxQueuedPerIssuer: must be at least 0, not " + maxQueuedPerIssuer);
    }
    this.checks = new TxPoolChecks(ed25519, owner, ownerKey);
    this.maxSize = maxSize;
    this.maxQueuedPerIssuer = maxQueuedPerIssuer;
    this.head = head;
    this.pendingState = head;
  }

  /** Offers a transaction that arrived at {@code now}; see {@link TxAdmission.Outcome}. */
  public TxAdmission add(LedgerTx tx, long now) {
    String id = TxCodec.id(tx);
    PooledTx known = find(id);
    if (known != null && known.tx.equals(tx)) {
      return duplicate(id);
    }
    if (!checks.signatureVerifies(pendingState, tx)) {
      return rejected(
          id,
          ViolationKind.BAD_TX_SIGNATURE,
          tx.type().wireName() + " by " + shortId(tx.issuer()) + " does not verify under its key");
    }
    if (known != null) {
      // The same signed content with another valid signature: nothing new.
      return duplicate(id);
    }
    if (size() >= maxSize) {
      return new TxAdmission(TxAdmission.Outcome.POOL_FULL, id, null);
    }
    PooledTx entry = new PooledTx(tx, id, arrivals++, now);
    if (tx.seq() > nextSeq(tx.issuer())) {
      return enqueue(entry);
    }
    RuleViolation violation = checks.check(pendingState, tx);
    if (violation != null) {
      // A lower seq is spent on the chain or taken by a pending transaction of the issuer.
      return new TxAdmission(TxAdmission.Outcome.REJECTED, id, violation);
    }
    entries.add(entry);
    byId.put(id, entry);
    pendingState = pendingState.applyTx(tx);
    promote(tx.issuer());
    return new TxAdmission(TxAdmission.Outcome.POOLED, id, null);
  }

  /**
   * Moves the pool onto a new head: {@code returned} (the transactions of abandoned blocks, in
   * chain order) come back in front of the pending ones, every transaction is sorted again into
   * pending (executable in turn on top of {@code newHead}), queued (beyond a gap) or dropped
   * (replayed or invalid).
   *
   * @return the returned transactions that are in the pool again (to be announced afresh)
   */
  public List<LedgerTx> reset(LedgerState newHead, List<LedgerTx> returned, long now) {
    head = newHead;
    List<PooledTx> candidates = new ArrayList<>(returned.size() + size());
    Map<String, PooledTx> fresh = new LinkedHashMap<>();
    for (LedgerTx tx : returned) {
      String id = TxCodec.id(tx);
      if (find(id) == null && !fresh.containsKey(id)) {
        // Ordered before everything pooled: the abandoned chain had them first.
        PooledTx entry = new PooledTx(tx, id, Long.MIN_VALUE + fresh.size(), now);
        fresh.put(id, entry);
        candidates.add(entry);
      }
    }
    candidates.addAll(entries);
    for (TreeMap<Long, PooledTx> mine : queued.values()) {
      candidates.addAll(mine.values());
    }
    rebuild(candidates);
    List<LedgerTx> back = new ArrayList<>();
    for (String id : fresh.keySet()) {
      PooledTx entry = find(id);
      if (entry != null) {
        back.add(entry.tx);
      }
    }
    return back;
  }

  /**
   * The pending transactions that may go into a block on the head, in pool order, at most {@code
   * max}; validator votes are left out of checkpoint blocks (they wait for the next block, and so
   * do the later transactions of their issuer).
   */
  public List<LedgerTx> select(boolean checkpointBlock, int max) {
    List<LedgerTx> chosen = new ArrayList<>();
    LedgerState state = head;
    for (PooledTx e : entries) {
      if (chosen.size() >= max) {
        break;
      }
      if (checkpointBlock && e.tx.type() == TxType.VALIDATOR_VOTE) {
        continue;
      }
      if (checks.check(state, e.tx) == null) {
        chosen.add(e.tx);
        state = state.applyTx(e.tx);
      }
    }
    return chosen;
  }

  /** Drops one transaction (e.g. one that made the engine's own block invalid). */
  public void remove(String id) {
    PooledTx entry = find(id);
    if (entry != null) {
      List<PooledTx> rest = new ArrayList<>(entries);
      for (TreeMap<Long, PooledTx> mine : queued.values()) {
        rest.addAll(mine.values());
      }
      rest.remove(entry);
      rebuild(rest);
    }
  }

  /**
   * The {@code seq} for a new transaction of {@code issuer}: one above its last on the head chain
   * and its pending transactions. Queued ones are not counted: they wait for a gap that only a
   * transaction with this {@code seq} can fill (perhaps because the one that held it became invalid
   * and was dropped), and signing above them would leave the new one waiting too.
   */
  public long nextSeq(DeviceId issuer) {
    return pendingState.lastSeq(issuer) + 1;
  }

  /** Pending transactions in the order they would be sealed. */
  public List<LedgerTx> pending() {
    List<LedgerTx> txs = new ArrayList<>(entries.size());
    for (PooledTx e : entries) {
      txs.add(e.tx);
    }
    return txs;
  }

  /** Queued transactions (waiting for an earlier {@code seq}), by issuer, in {@code seq} order. */
  public List<LedgerTx> queued() {
    List<LedgerTx> txs = new ArrayList<>(queuedById.size());
    for (TreeMap<Long, PooledTx> mine : queued.values()) {
      for (PooledTx e : mine.values()) {
        txs.add(e.tx);
      }
    }
    return txs;
  }

  /** Whether the transaction is pending or queued. */
  public boolean contains(String txId) {
    return find(txId) != null;
  }

  /** Whether the transaction is pending (executable now). */
  public boolean isPending(String txId) {
    return byId.containsKey(txId);
  }

  /** Whether the transaction is queued (waiting for an earlier {@code seq} of its issuer). */
  public boolean isQueued(String txId) {
    return queuedById.containsKey(txId);
  }

  /** Pending and queued transactions. */
  public int size() {
    return entries.size() + queuedById.size();
  }

  public int pendingCount() {
    return entries.size();
  }

  public int queuedCount() {
    return queuedById.size();
  }

  /** Whether nothing is pending (queued transactions cannot be sealed yet, so do not count). */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** When the longest-waiting pending transaction arrived; {@link Long#MAX_VALUE} if none. */
  public long oldestArrival() {
    long oldest = Long.MAX_VALUE;
    for (PooledTx e : entries) {
      oldest = Math.min(oldest, e.arrivedAt);
    }
    return oldest;
  }

  /**
   * Pooled transactions (pending first, then queued) last announced at or before {@code before},
   * marked as announced at {@code now}: what the engine gossips again in case the first
   * announcement was lost.
   */
  public List<LedgerTx> dueForAnnouncement(long before, long now, int max) {
    List<LedgerTx> due = new ArrayList<>();
    List<PooledTx> all = new ArrayList<>(entries);
    for (TreeMap<Long, PooledTx> mine : queued.values()) {
      all.addAll(mine.values());
    }
    for (PooledTx e : all) {
      if (due.size() >= max) {
        break;
      }
      if (e.announcedAt <= before) {
        e.announcedAt = now;
        due.add(e.tx);
      }
    }
    return due;
  }

  /** The state after the head and every pending transaction (what a new one is checked on). */
  public LedgerState pendingState() {
    return pendingState;
  }

  // ---------------------------------------------------------------- internals

  private PooledTx find(String id) {
    PooledTx entry = byId.get(id);
    return entry != null ? entry : queuedById.get(id);
  }

  /** Queues a transaction beyond a gap, if its issuer may issue at all and there is room. */
  private TxAdmission enqueue(PooledTx entry) {
    RuleViolation violation = checks.checkIssuer(pendingState, entry.tx);
    if (violation != null) {
      return new TxAdmission(TxAdmission.Outcome.REJECTED, entry.id, violation);
    }
    TreeMap<Long, PooledTx> mine = queued.computeIfAbsent(entry.issuer(), k -> new TreeMap<>());
    PooledTx taken = mine.get(entry.seq());
    if (taken != null) {
      return rejected(
          entry.id,
          ViolationKind.REPLAYED_TX,
          "seq "
              + entry.seq()
              + " of "
              + shortId(entry.issuer())
              + " is taken by another queued transaction "
              + taken.id.substring(0, 12));
    }
    if (mine.size() >= maxQueuedPerIssuer) {
      if (mine.isEmpty() || entry.seq() > mine.lastKey()) {
        if (mine.isEmpty()) {
          queued.remove(entry.issuer());
        }
        return new TxAdmission(TxAdmission.Outcome.POOL_FULL, entry.id, null);
      }
      // Keep the lowest seqs: they are the ones that become executable first.
      queuedById.remove(mine.pollLastEntry().getValue().id);
    }
    mine.put(entry.seq(), entry);
    queuedById.put(entry.id, entry);
    return new TxAdmission(TxAdmission.Outcome.QUEUED, entry.id, null);
  }

  /**
   * Moves {@code issuer}'s queued transactions that now continue its pending ones to pending, in
   * seq order; stops at the first gap or at one that is invalid (dropped).
   */
  private void promote(DeviceId issuer) {
    TreeMap<Long, PooledTx> mine = queued.get(issuer);
    while (mine != null && !mine.isEmpty() && mine.firstKey() <= nextSeq(issuer)) {
      PooledTx next = mine.pollFirstEntry().getValue();
      queuedById.remove(next.id);
      if (checks.check(pendingState, next.tx) == null) {
        entries.add(next);
        byId.put(next.id, next);
        pendingState = pendingState.applyTx(next.tx);
      }
    }
    if (mine != null && mine.isEmpty()) {
      queued.remove(issuer);
    }
  }

  /** Sorts {@code candidates} again from the head: see {@link PoolRebuild#of}. */
  private void rebuild(List<PooledTx> candidates) {
    PoolRebuild sorted = PoolRebuild.of(candidates, head, checks, maxSize, maxQueuedPerIssuer);
    entries = sorted.pending();
    byId = sorted.pendingById();
    pendingState = sorted.pendingState();
    queued = sorted.queued();
    queuedById = sorted.queuedById();
  }

  private static TxAdmission duplicate(String id) {
    return new TxAdmission(TxAdmission.Outcome.DUPLICATE, id, null);
  }

  private TxAdmission rejected(String id, ViolationKind kind, String message) {
    return new TxAdmission(
        TxAdmission.Outcome.REJECTED, id, new RuleViolation(head.height() + 1, 0, kind, message));
  }

  private static String shortId(DeviceId id) {
    return id.hex().substring(0, 12);
  }
}
