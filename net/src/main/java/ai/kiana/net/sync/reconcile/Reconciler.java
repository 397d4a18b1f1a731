package ai.kiana.net.sync.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Range-based set reconciliation (after Meyer's "Range-Based Set Reconciliation"): both sides cover
 * the whole item order with ranges; where fingerprints differ a side splits its items of that range
 * into {@link #DEFAULT_BRANCHING} sub-ranges, and a range small enough is sent as its id list. The
 * side that receives an id list knows both sides of that range and records which items it lacks
 * ({@code need}) and which the other side lacks ({@code have}). Pure logic on an {@link ItemSet}
 * snapshot; not thread-safe (one instance per exchange).
 *
 * <p>Bytes exchanged grow with the number of differences times log(n), not with n.
 */
public final class Reconciler {

  public static final int DEFAULT_BRANCHING = 16;

  /** A differing range with at most this many local items is sent as an id list. */
  public static final int DEFAULT_LIST_THRESHOLD = 16;

  private final ItemSet mine;
  private final int branching;
  private final int listThreshold;
  private final List<ItemKey> have = new ArrayList<>();
  private final List<ItemKey> need = new ArrayList<>();

  public Reconciler(ItemSet mine) {
    this(mine, DEFAULT_BRANCHING, DEFAULT_LIST_THRESHOLD);
  }

  public Reconciler(ItemSet mine, int branching, int listThreshold) {
    if (branching < 2 || listThreshold < branching - 1) {
      // With more items than the threshold, every one of the sub-ranges gets at least one item.
      throw new IllegalArgumentException("branching >= 2 and list threshold >= branching - 1");
    }
    this.mine = mine;
    this.branching = branching;
    this.listThreshold = listThreshold;
  }

  /** The first message: one fingerprint (or id list) per sub-range of the whole order. */
  public List<Range> initiate() {
    List<Range> out = new ArrayList<>();
    split(0, mine.size(), Bound.INFINITY, out);
    return out;
  }

  /**
   * Answers a message of the other side. An empty answer means this side sees nothing left to do
   * (the exchange is over once a side has nothing more to say).
   *
   * @throws ReconcileFormatException if the ranges do not end at infinity
   */
  public List<Range> respond(List<Range> incoming) {
    if (incoming.isEmpty()) {
      return List.of();
    }
    if (!incoming.getLast().upper().equals(Bound.INFINITY)) {
      throw new ReconcileFormatException("the last range must end at infinity");
    }
    List<Range> out = new ArrayList<>();
    int lo = 0;
    for (Range r : incoming) {
      int hi = Math.max(lo, mine.indexOf(r.upper()));
      switch (r) {
        case Range.Skip s -> skip(s.upper(), out);
        case Range.Fingerprint f -> {
          if (Arrays.equals(mine.fingerprint(lo, hi), f.fingerprint())) {
            skip(f.upper(), out);
          } else {
            split(lo, hi, f.upper(), out);
          }
        }
        case Range.IdList l -> {
          compare(lo, hi, l.items());
          skip(l.upper(), out);
        }
      }
      lo = hi;
    }
    if (out.stream().allMatch(Range.Skip.class::isInstance)) {
      return List.of();
    }
    return out;
  }

  /** Hands over and forgets what {@link #have()} learnt since the last call. */
  public List<ItemKey> drainHave() {
    List<ItemKey> out = List.copyOf(have);
    have.clear();
    return out;
  }

  /** Hands over and forgets what {@link #need()} learnt since the last call. */
  public List<ItemKey> drainNeed() {
    List<ItemKey> out = List.copyOf(need);
    need.clear();
    return out;
  }

  /** Items this side holds that the other side lacks, learnt so far. */
  public List<ItemKey> have() {
    return List.copyOf(have);
  }

  /** Items the other side holds that this side lacks, learnt so far. */
  public List<ItemKey> need() {
    return List.copyOf(need);
  }

  private void split(int lo, int hi, Bound upper, List<Range> out) {
    int n = hi - lo;
    if (n <= listThreshold) {
      List<ItemKey> items = new ArrayList<>(n);
      for (int i = lo; i < hi; i++) {
        items.add(mine.get(i));
      }
      out.add(new Range.IdList(upper, items));
      return;
    }
    for (int b = 0; b < branching; b++) {
      int start = lo + (int) ((long) n * b / branching);
      int end = lo + (int) ((long) n * (b + 1) / branching);
      Bound bound = b == branching - 1 ? upper : Bound.between(mine.get(end - 1), mine.get(end));
      out.add(new Range.Fingerprint(bound, mine.fingerprint(start, end)));
    }
  }

  private void compare(int lo, int hi, List<ItemKey> theirs) {
    Set<ItemKey> theirSet = new HashSet<>(theirs);
    Set<ItemKey> mineSet = new HashSet<>(hi - lo);
    for (int i = lo; i < hi; i++) {
      ItemKey k = mine.get(i);
      mineSet.add(k);
      if (!theirSet.contains(k)) {
        have.add(k);
      }
    }
    for (ItemKey k : theirs) {
      if (!mineSet.contains(k)) {
        need.add(k);
      }
    }
  }

  private static void skip(Bound upper, List<Range> out) {
    if (!out.isEmpty() && out.getLast() instanceof Range.Skip) {
      out.set(out.size() - 1, new Range.Skip(upper));
    } else {
      out.add(new Range.Skip(upper));
    }
  }
}
