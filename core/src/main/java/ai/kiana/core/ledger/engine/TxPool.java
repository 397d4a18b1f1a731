package ai.kiana.core.ledger.engine;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxType;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.TxContext;
import ai.kiana.core.ledger.rules.TxIssuerRule;
import ai.kiana.core.ledger.rules.TxRule;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** How often a rebuild retries transactions that an earlier pass could not place yet. */
  private static final int MAX_REBUILD_PASSES = 8;

  private static final String NO_SEAL = "0".repeat(128);
  private static final HexFormat HEX = HexFormat.of();

  private final Ed25519 ed25519;
  private final List<TxRule> rules = RuleFactory.txRules();
  private final TxRule issuerRule = new TxIssuerRule();
  private final DeviceId owner;
  private final String ownerKey;
  private final int maxSize;
  private final int maxQueuedPerIssuer;
  private final Map<String, Entry> byId = new HashMap<>();
  private final Map<String, Entry> queuedById = new HashMap<>();
  private final Map<DeviceId, TreeMap<Long, Entry>> queued = new LinkedHashMap<>();
  private List<Entry> entries = new ArrayList<>();
  private LedgerState head;
  private LedgerState pendingState;
  private long arrivals;

  /** A pooled transaction with its id (computed once) and when it arrived and was announced. */
  private static final class Entry {
    final LedgerTx tx;
    final String id;
    final long order;
    final long arrivedAt;
    long announcedAt;

    Entry(LedgerTx tx, String id, long order, long arrivedAt) {
      this.tx = tx;
      this.id = id;
      this.order = order;
      this.arrivedAt = arrivedAt;
      this.announcedAt = arrivedAt;
    }

    DeviceId issuer() {
      return tx.issuer();
    }

    long seq() {
      return tx.seq();
    }
  }

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
    this.ed25519 = ed25519;
    this.owner = owner;
    this.ownerKey = ownerKey;
    this.maxSize = maxSize;
    this.maxQueuedPerIssuer = maxQueuedPerIssuer;
    this.head = head;
    this.pendingState = head;
  }

  /** Offers a transaction that arrived at {@code now}; see {@link TxAdmission.Outcome}. */
  public TxAdmission add(LedgerTx tx, long now) {
    String id = TxCodec.id(tx);
    Entry known = find(id);
    if (known != null && known.tx.equals(tx)) {
      return duplicate(id);
    }
    if (!signatureVerifies(tx)) {
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
    Entry entry = new Entry(tx, id, arrivals++, now);
    if (tx.seq() > nextSeq(tx.issuer())) {
      return enqueue(entry);
    }
    RuleViolation violation = check(pendingState, tx);
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
    List<Entry> candidates = new ArrayList<>(returned.size() + size());
    Map<String, Entry> fresh = new LinkedHashMap<>();
    for (LedgerTx tx : returned) {
      String id = TxCodec.id(tx);
      if (find(id) == null && !fresh.containsKey(id)) {
        // Ordered before everything pooled: the abandoned chain had them first.
        Entry entry = new Entry(tx, id, Long.MIN_VALUE + fresh.size(), now);
        fresh.put(id, entry);
        candidates.add(entry);
      }
    }
    candidates.addAll(entries);
    for (TreeMap<Long, Entry> mine : queued.values()) {
      candidates.addAll(mine.values());
    }
    rebuild(candidates);
    List<LedgerTx> back = new ArrayList<>();
    for (String id : fresh.keySet()) {
      Entry entry = find(id);
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
    for (Entry e : entries) {
      if (chosen.size() >= max) {
        break;
      }
      if (checkpointBlock && e.tx.type() == TxType.VALIDATOR_VOTE) {
        continue;
      }
      if (check(state, e.tx) == null) {
        chosen.add(e.tx);
        state = state.applyTx(e.tx);
      }
    }
    return chosen;
  }

  /** Drops one transaction (e.g. one that made the engine's own block invalid). */
  public void remove(String id) {
    Entry entry = find(id);
    if (entry != null) {
      List<Entry> rest = new ArrayList<>(entries);
      for (TreeMap<Long, Entry> mine : queued.values()) {
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
    for (Entry e : entries) {
      txs.add(e.tx);
    }
    return txs;
  }

  /** Queued transactions (waiting for an earlier {@code seq}), by issuer, in {@code seq} order. */
  public List<LedgerTx> queued() {
    List<LedgerTx> txs = new ArrayList<>(queuedById.size());
    for (TreeMap<Long, Entry> mine : queued.values()) {
      for (Entry e : mine.values()) {
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
    for (Entry e : entries) {
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
    List<Entry> all = new ArrayList<>(entries);
    for (TreeMap<Long, Entry> mine : queued.values()) {
      all.addAll(mine.values());
    }
    for (Entry e : all) {
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

  private Entry find(String id) {
    Entry entry = byId.get(id);
    return entry != null ? entry : queuedById.get(id);
  }

  /** Queues a transaction beyond a gap, if its issuer may issue at all and there is room. */
  private TxAdmission enqueue(Entry entry) {
    RuleViolation violation = checkIssuer(pendingState, entry.tx);
    if (violation != null) {
      return new TxAdmission(TxAdmission.Outcome.REJECTED, entry.id, violation);
    }
    TreeMap<Long, Entry> mine = queued.computeIfAbsent(entry.issuer(), k -> new TreeMap<>());
    Entry taken = mine.get(entry.seq());
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
    TreeMap<Long, Entry> mine = queued.get(issuer);
    while (mine != null && !mine.isEmpty() && mine.firstKey() <= nextSeq(issuer)) {
      Entry next = mine.pollFirstEntry().getValue();
      queuedById.remove(next.id);
      if (check(pendingState, next.tx) == null) {
        entries.add(next);
        byId.put(next.id, next);
        pendingState = pendingState.applyTx(next.tx);
      }
    }
    if (mine != null && mine.isEmpty()) {
      queued.remove(issuer);
    }
  }

  /**
   * Re-applies the invariant to {@code candidates} from the head. Each issuer's transactions take
   * the places in arrival order that the issuer's transactions hold, in seq order (so one that
   * overtook an earlier one on the network does not wait behind it). Then, in passes over that
   * order, each transaction is taken as pending when it is its issuer's next seq and valid on the
   * state so far; a later pass retries what waited for a transaction placed after it. What is left
   * is queued when it lies beyond a gap, and dropped when it is a replay or invalid.
   */
  private void rebuild(List<Entry> candidates) {
    candidates.sort((a, b) -> Long.compare(a.order, b.order));
    // One transaction per (issuer, seq): the first in pool order; ids are unique already.
    Map<DeviceId, TreeMap<Long, Entry>> byIssuer = new LinkedHashMap<>();
    List<Entry> unique = new ArrayList<>(candidates.size());
    Set<String> ids = new HashSet<>();
    for (Entry e : candidates) {
      if (e.seq() <= head.lastSeq(e.issuer()) || !ids.add(e.id)) {
        continue; // spent on the head chain: a replay
      }
      if (byIssuer.computeIfAbsent(e.issuer(), k -> new TreeMap<>()).putIfAbsent(e.seq(), e)
          == null) {
        unique.add(e);
      }
    }
    Map<DeviceId, List<Integer>> places = new LinkedHashMap<>();
    for (int i = 0; i < unique.size(); i++) {
      places.computeIfAbsent(unique.get(i).issuer(), k -> new ArrayList<>()).add(i);
    }
    Entry[] ordered = unique.toArray(new Entry[0]);
    for (Map.Entry<DeviceId, List<Integer>> slots : places.entrySet()) {
      int i = 0;
      for (Entry e : byIssuer.get(slots.getKey()).values()) {
        ordered[slots.getValue().get(i++)] = e;
      }
    }

    List<Entry> kept = new ArrayList<>(ordered.length);
    byId.clear();
    LedgerState state = head;
    boolean progress = true;
    for (int pass = 0; progress && pass < MAX_REBUILD_PASSES; pass++) {
      progress = false;
      for (Entry e : ordered) {
        if (kept.size() >= maxSize) {
          break;
        }
        if (byId.containsKey(e.id) || e.seq() != state.lastSeq(e.issuer()) + 1) {
          continue;
        }
        if (check(state, e.tx) == null) {
          kept.add(e);
          byId.put(e.id, e);
          state = state.applyTx(e.tx);
          progress = true;
        }
      }
    }
    entries = kept;
    pendingState = state;

    queued.clear();
    queuedById.clear();
    for (Map.Entry<DeviceId, TreeMap<Long, Entry>> mine : byIssuer.entrySet()) {
      long next = state.lastSeq(mine.getKey()) + 1;
      for (Entry e : mine.getValue().values()) {
        if (e.seq() < next || byId.containsKey(e.id)) {
          continue; // pending
        }
        if (e.seq() == next) {
          continue; // executable but invalid (or no room): dropped, the gap stays
        }
        TreeMap<Long, Entry> q = queued.computeIfAbsent(e.issuer(), k -> new TreeMap<>());
        if (q.size() < maxQueuedPerIssuer && size() < maxSize) {
          q.put(e.seq(), e);
          queuedById.put(e.id, e);
        }
      }
      if (queued.containsKey(mine.getKey()) && queued.get(mine.getKey()).isEmpty()) {
        queued.remove(mine.getKey());
      }
    }
  }

  /** The first transaction rule {@code tx} breaks on top of {@code state}, or null. */
  private RuleViolation check(LedgerState state, LedgerTx tx) {
    TxContext context = new TxContext(state, template(state), 0, tx);
    for (TxRule rule : rules) {
      Optional<RuleViolation> violation = rule.check(context);
      if (violation.isPresent()) {
        return violation.get();
      }
    }
    return null;
  }

  private RuleViolation checkIssuer(LedgerState state, LedgerTx tx) {
    return issuerRule.check(new TxContext(state, template(state), 0, tx)).orElse(null);
  }

  /**
   * A stand-in for the next block on {@code state}: the transaction rules look only at its height
   * (to tell genesis apart and to report where a violation happened).
   */
  private LedgerBlock template(LedgerState state) {
    return new LedgerBlock(
        state.height() + 1,
        state.hash(),
        state.timestamp(),
        owner,
        ownerKey,
        LedgerBlock.DIFF_OUT_OF_TURN,
        List.of(),
        LedgerBlock.NO_PARENT,
        null,
        LedgerBlock.NO_PARENT,
        NO_SEAL);
  }

  /**
   * The signature verifies under a key that is the issuer's: the one its ID is the hash of, or the
   * one it rotated to (pending rotations count, so a device can use its new key at once). A key
   * rotation's new-key signature must verify too. Whether the key is still current when the
   * transaction is sealed is {@code TxKeyRule}'s business.
   */
  private boolean signatureVerifies(LedgerTx tx) {
    byte[] key = HEX.parseHex(tx.key());
    var known = pendingState.device(tx.issuer());
    boolean issuers = known != null ? known.key().equals(tx.key()) : tx.issuer().matches(key);
    if (!issuers || !ed25519.verify(key, TxCodec.signingBytes(tx), HEX.parseHex(tx.sig()))) {
      return false;
    }
    if (tx.payload() instanceof ai.kiana.core.ledger.TxPayload.KeyRotated r) {
      byte[] statement =
          ai.kiana.core.ledger.TxPayload.KeyRotated.rotationStatement(
              tx.issuer(), tx.key(), r.newKey());
      return ed25519.verify(HEX.parseHex(r.newKey()), statement, HEX.parseHex(r.newKeySig()));
    }
    return true;
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
