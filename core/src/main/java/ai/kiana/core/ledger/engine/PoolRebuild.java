package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the {@link TxPool} sorts its transactions again from a head (after a head change or a
 * removal): into pending, queued and dropped, restoring the pool's invariant.
 *
 * @param pending the executable transactions in the order they would be sealed
 * @param pendingById the same, by id
 * @param pendingState the state after the head and every pending transaction
 * @param queued the transactions beyond a gap, by issuer (in first-seen order) and {@code seq}
 * @param queuedById the same, by id
 */
record PoolRebuild(
    List<PooledTx> pending,
    Map<String, PooledTx> pendingById,
    LedgerState pendingState,
    Map<DeviceId, TreeMap<Long, PooledTx>> queued,
    Map<String, PooledTx> queuedById) {

  /** How often a rebuild retries transactions that an earlier pass could not place yet. */
  private static final int MAX_REBUILD_PASSES = 8;

  /**
   * Re-applies the invariant to {@code candidates} from the head. Each issuer's transactions take
   * the places in arrival order that the issuer's transactions hold, in seq order (so one that
   * overtook an earlier one on the network does not wait behind it). Then, in passes over that
   * order, each transaction is taken as pending when it is its issuer's next seq and valid on the
   * state so far; a later pass retries what waited for a transaction placed after it. What is left
   * is queued when it lies beyond a gap, and dropped when it is a replay or invalid.
   */
  static PoolRebuild of(
      List<PooledTx> candidates,
      LedgerState head,
      TxPoolChecks checks,
      int maxSize,
      int maxQueuedPerIssuer) {
    candidates.sort((a, b) -> Long.compare(a.order, b.order));
    // One transaction per (issuer, seq): the first in pool order; ids are unique already.
    Map<DeviceId, TreeMap<Long, PooledTx>> byIssuer = new LinkedHashMap<>();
    List<PooledTx> unique = new ArrayList<>(candidates.size());
    Set<String> ids = new HashSet<>();
    for (PooledTx e : candidates) {
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
    PooledTx[] ordered = unique.toArray(new PooledTx[0]);
    for (Map.Entry<DeviceId, List<Integer>> slots : places.entrySet()) {
      int i = 0;
      for (PooledTx e : byIssuer.get(slots.getKey()).values()) {
        ordered[slots.getValue().get(i++)] = e;
      }
    }

    List<PooledTx> kept = new ArrayList<>(ordered.length);
    Map<String, PooledTx> byId = new HashMap<>();
    LedgerState state = head;
    boolean progress = true;
    for (int pass = 0; progress && pass < MAX_REBUILD_PASSES; pass++) {
      progress = false;
      for (PooledTx e : ordered) {
        if (kept.size() >= maxSize) {
          break;
        }
        if (byId.containsKey(e.id) || e.seq() != state.lastSeq(e.issuer()) + 1) {
          continue;
        }
        if (checks.check(state, e.tx) == null) {
          kept.add(e);
          byId.put(e.id, e);
          state = state.applyTx(e.tx);
          progress = true;
        }
      }
    }

    Map<DeviceId, TreeMap<Long, PooledTx>> queued = new LinkedHashMap<>();
    Map<String, PooledTx> queuedById = new HashMap<>();
    for (Map.Entry<DeviceId, TreeMap<Long, PooledTx>> mine : byIssuer.entrySet()) {
      long next = state.lastSeq(mine.getKey()) + 1;
      for (PooledTx e : mine.getValue().values()) {
        if (e.seq() < next || byId.containsKey(e.id)) {
          continue; // pending
        }
        if (e.seq() == next) {
          continue; // executable but invalid (or no room): dropped, the gap stays
        }
        TreeMap<Long, PooledTx> q = queued.computeIfAbsent(e.issuer(), k -> new TreeMap<>());
        if (q.size() < maxQueuedPerIssuer && kept.size() + queuedById.size() < maxSize) {
          q.put(e.seq(), e);
          queuedById.put(e.id, e);
        }
      }
      if (queued.containsKey(mine.getKey()) && queued.get(mine.getKey()).isEmpty()) {
        queued.remove(mine.getKey());
      }
    }
    return new PoolRebuild(kept, byId, state, queued, queuedById);
  }
}
