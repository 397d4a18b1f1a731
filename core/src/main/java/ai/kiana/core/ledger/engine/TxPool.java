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
import ai.kiana.core.ledger.rules.TxRule;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed transactions waiting to be sealed, deduplicated by id, in the order they arrived.
 *
 * <p>Invariant: applied one after another on top of the head state, every pending transaction is
 * valid under the transaction rules ({@link RuleFactory#txRules()}), so a later one may rely on an
 * earlier one (admit a device, then vote on it). Transactions of one issuer are kept in ascending
 * {@code seq} (they take the places in arrival order that the issuer's transactions hold), so one
 * that overtook an earlier one on the network does not turn it into a replay. Whenever the head
 * changes, {@link #reset} re-applies that invariant: transactions sealed on the new chain become
 * replays (their {@code seq} is spent) and drop out, as do ones that the new state makes invalid;
 * transactions of blocks a reorg abandoned come back first.
 *
 * <p>Not thread-safe: the {@link LedgerEngine} owns it.
 */
public final class TxPool {

  private static final String NO_SEAL = "0".repeat(128);
  private static final HexFormat HEX = HexFormat.of();

  private final Ed25519 ed25519;
  private final List<TxRule> rules = RuleFactory.txRules();
  private final DeviceId owner;
  private final String ownerKey;
  private final int maxSize;
  private final Map<String, Entry> byId = new HashMap<>();
  private List<Entry> entries = new ArrayList<>();
  private LedgerState head;
  private LedgerState pendingState;
  private long arrivals;

  /** A pending transaction with its id (computed once) and when it arrived and was announced. */
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
  }

  /**
   * @param owner the device that runs the pool; it stands in as the proposer of the block the
   *     transactions are checked for
   */
  public TxPool(Ed25519 ed25519, DeviceId owner, String ownerKey, LedgerState head, int maxSize) {
    this.ed25519 = ed25519;
    this.owner = owner;
    this.ownerKey = ownerKey;
    this.maxSize = maxSize;
    this.head = head;
    this.pendingState = head;
  }

  /** Offers a transaction that arrived at {@code now}; see {@link TxAdmission.Outcome}. */
  public TxAdmission add(LedgerTx tx, long now) {
    String id = TxCodec.id(tx);
    Entry known = byId.get(id);
    if (known != null && known.tx.equals(tx)) {
      return new TxAdmission(TxAdmission.Outcome.DUPLICATE, id, null);
    }
    if (!signatureVerifies(tx)) {
      return rejected(
          id,
          ViolationKind.BAD_TX_SIGNATURE,
          tx.type().wireName() + " by " + shortId(tx.issuer()) + " does not verify under its key");
    }
    if (known != null) {
      // The same signed content with another valid signature: nothing new.
      return new TxAdmission(TxAdmission.Outcome.DUPLICATE, id, null);
    }
    if (entries.size() >= maxSize) {
      return new TxAdmission(TxAdmission.Outcome.POOL_FULL, id, null);
    }
    Entry entry = new Entry(tx, id, arrivals++, now);
    RuleViolation violation = check(pendingState, tx);
    if (violation == null) {
      entries.add(entry);
      byId.put(id, entry);
      pendingState = pendingState.applyTx(tx);
      return new TxAdmission(TxAdmission.Outcome.POOLED, id, null);
    }
    if (violation.kind() == ViolationKind.REPLAYED_TX && tx.seq() > head.lastSeq(tx.issuer())) {
      // Overtook an earlier pending transaction of its issuer: place it before that one.
      List<Entry> candidates = new ArrayList<>(entries);
      candidates.add(entry);
      Map<String, RuleViolation> dropped = rebuild(candidates);
      if (byId.containsKey(id)) {
        return new TxAdmission(TxAdmission.Outcome.POOLED, id, null);
      }
      violation = dropped.getOrDefault(id, violation);
    }
    return new TxAdmission(TxAdmission.Outcome.REJECTED, id, violation);
  }

  /**
   * Moves the pool onto a new head: {@code returned} (the transactions of abandoned blocks, in
   * chain order) come back in front of the pending ones, and every transaction that is not valid in
   * turn on top of {@code newHead} is dropped.
   *
   * @return the returned transactions that are pending again (to be announced afresh)
   */
  public List<LedgerTx> reset(LedgerState newHead, List<LedgerTx> returned, long now) {
    head = newHead;
    List<Entry> candidates = new ArrayList<>(returned.size() + entries.size());
    Map<String, Entry> fresh = new LinkedHashMap<>();
    for (LedgerTx tx : returned) {
      String id = TxCodec.id(tx);
      if (!byId.containsKey(id) && !fresh.containsKey(id)) {
        // Ordered before everything pending: the abandoned chain had them first.
        Entry entry = new Entry(tx, id, Long.MIN_VALUE + fresh.size(), now);
        fresh.put(id, entry);
        candidates.add(entry);
      }
    }
    candidates.addAll(entries);
    rebuild(candidates);
    List<LedgerTx> back = new ArrayList<>();
    for (String id : fresh.keySet()) {
      if (byId.containsKey(id)) {
        back.add(byId.get(id).tx);
      }
    }
    return back;
  }

  /**
   * The pending transactions that may go into a block on the head, in pool order, at most {@code
   * max}; validator votes are left out of checkpoint blocks (they wait for the next block).
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
    Entry entry = byId.get(id);
    if (entry != null) {
      List<Entry> rest = new ArrayList<>(entries);
      rest.remove(entry);
      rebuild(rest);
    }
  }

  /** Pending transactions in the order they would be sealed. */
  public List<LedgerTx> pending() {
    List<LedgerTx> txs = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      txs.add(e.tx);
    }
    return txs;
  }

  public boolean contains(String txId) {
    return byId.containsKey(txId);
  }

  public int size() {
    return entries.size();
  }

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
   * Pending transactions last announced at or before {@code before}, marked as announced at {@code
   * now}: what the engine gossips again in case the first announcement was lost.
   */
  public List<LedgerTx> dueForAnnouncement(long before, long now, int max) {
    List<LedgerTx> due = new ArrayList<>();
    for (Entry e : entries) {
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

  /**
   * Re-applies the invariant to {@code candidates} from the head: per issuer ascending seq in the
   * issuer's places, then keep what is valid in turn. Returns why each dropped one was dropped.
   */
  private Map<String, RuleViolation> rebuild(List<Entry> candidates) {
    candidates.sort((a, b) -> Long.compare(a.order, b.order));
    Map<DeviceId, List<Integer>> places = new LinkedHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      places.computeIfAbsent(candidates.get(i).tx.issuer(), k -> new ArrayList<>()).add(i);
    }
    Entry[] ordered = candidates.toArray(new Entry[0]);
    for (List<Integer> slots : places.values()) {
      if (slots.size() > 1) {
        List<Entry> mine = new ArrayList<>(slots.size());
        for (int slot : slots) {
          mine.add(candidates.get(slot));
        }
        mine.sort((a, b) -> Long.compare(a.tx.seq(), b.tx.seq()));
        for (int i = 0; i < slots.size(); i++) {
          ordered[slots.get(i)] = mine.get(i);
        }
      }
    }
    Map<String, RuleViolation> dropped = new HashMap<>();
    List<Entry> kept = new ArrayList<>(ordered.length);
    byId.clear();
    LedgerState state = head;
    for (Entry e : ordered) {
      if (byId.containsKey(e.id)) {
        continue;
      }
      RuleViolation violation = check(state, e.tx);
      if (violation == null && kept.size() < maxSize) {
        kept.add(e);
        byId.put(e.id, e);
        state = state.applyTx(e.tx);
      } else if (violation != null) {
        dropped.put(e.id, violation);
      }
    }
    entries = kept;
    pendingState = state;
    return dropped;
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

  private boolean signatureVerifies(LedgerTx tx) {
    byte[] key = HEX.parseHex(tx.key());
    return tx.issuer().matches(key)
        && ed25519.verify(key, TxCodec.signingBytes(tx), HEX.parseHex(tx.sig()));
  }

  private TxAdmission rejected(String id, ViolationKind kind, String message) {
    return new TxAdmission(
        TxAdmission.Outcome.REJECTED, id, new RuleViolation(head.height() + 1, 0, kind, message));
  }

  private static String shortId(DeviceId id) {
    return id.hex().substring(0, 12);
  }
}
