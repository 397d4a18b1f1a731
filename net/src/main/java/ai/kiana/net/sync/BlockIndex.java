package ai.kiana.net.sync;

import ai.kiana.core.block.BlockListener;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.protocol.SyncFilter;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.net.sync.reconcile.ItemSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The (created, id) keys of every stored block, in memory, with what selective sync filters on:
 * built from the store when the node opens and kept current as a {@link BlockListener}.
 * Reconciliation works on {@link #snapshot()}s, which are rebuilt only when blocks arrived since
 * the last one.
 *
 * <p>Why not range queries in the store: a snapshot of 100,000 keys builds in a few milliseconds
 * and then answers every fingerprint in O(1) from prefix sums, whereas SQL would need one aggregate
 * query per range and round. About 100 bytes of memory per block (more with many tags).
 */
public final class BlockIndex implements BlockListener {

  /** Snapshots kept per filter; more distinct filters than this at once start the cache afresh. */
  static final int DEFAULT_CACHED_FILTERS = 32;

  /** What a filter looks at besides the key; authors are shared instances, tags usually empty. */
  private record Meta(Scope scope, DeviceId author, List<String> tags) {}

  private static final SharedFilter ALL =
      SharedFilter.of(
          new DeviceId("0".repeat(64)),
          SyncFilter.ALL,
          new DeviceId("0".repeat(64)),
          SyncFilter.ALL);

  private final ConcurrentSkipListMap<ItemKey, Meta> keys = new ConcurrentSkipListMap<>();
  private final Map<DeviceId, DeviceId> authors = new ConcurrentHashMap<>();
  private final Map<SharedFilter, ItemSet> snapshots = new ConcurrentHashMap<>();

  public static BlockIndex load(BlockStore store) {
    BlockIndex index = new BlockIndex();
    store.forEachKey(
        k ->
            index.keys.put(
                ItemKey.of(k.created(), k.id()), index.meta(k.scope(), k.author(), k.tags())));
    return index;
  }

  private Meta meta(Scope scope, DeviceId author, List<String> tags) {
    return new Meta(scope, authors.computeIfAbsent(author, a -> a), List.copyOf(tags));
  }

  @Override
  public void stored(List<KnowledgeBlock> blocks) {
    boolean changed = false;
    for (KnowledgeBlock b : blocks) {
      changed |= keys.putIfAbsent(ItemKey.of(b), meta(b.scope(), b.author(), b.tags())) == null;
    }
    if (changed) {
      // Under the lock a snapshot is built and cached with: a build that read the keys before
      // these were added must not put its stale set back after the clear.
      synchronized (this) {
        snapshots.clear();
      }
    }
  }

  public boolean contains(ItemKey key) {
    return keys.containsKey(key);
  }

  public int size() {
    return keys.size();
  }

  /**
   * The Merkle root (docs/PROTOCOL.md) over the ids of every block in (created, id) order: two
   * nodes hold the same knowledge set exactly when their roots are equal.
   */
  public String merkleRootHex() {
    return merkleRootHex(snapshot(ALL));
  }

  /**
   * The Merkle root over the blocks {@code filter} lets through: to compare a follower's subset.
   */
  public String merkleRootHex(SharedFilter filter) {
    return merkleRootHex(snapshot(filter));
  }

  private static String merkleRootHex(ItemSet s) {
    List<byte[]> leaves = new java.util.ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      leaves.add(s.get(i).id());
    }
    return ai.kiana.core.merkle.MerkleTree.rootHex(leaves);
  }

  /** An immutable view of all keys now. */
  public ItemSet snapshot() {
    return snapshot(ALL);
  }

  /**
   * An immutable view of the keys of the blocks {@code filter} lets through now: what two nodes
   * that follow different parts reconcile over. Cached until a block arrives.
   */
  public ItemSet snapshot(SharedFilter filter) {
    SharedFilter key = filter.everything() ? ALL : filter;
    ItemSet s = snapshots.get(key);
    if (s == null) {
      synchronized (this) {
        s = snapshots.get(key);
        if (s == null) {
          boolean all = key == ALL;
          s =
              ItemSet.ofSorted(
                  keys.entrySet().stream()
                      .filter(
                          e ->
                              all
                                  || key.matches(
                                      e.getValue().scope(),
                                      e.getValue().author(),
                                      e.getValue().tags(),
                                      e.getKey().time() >>> 16))
                      .map(Map.Entry::getKey)
                      .toArray(ItemKey[]::new));
          if (snapshots.size() >= DEFAULT_CACHED_FILTERS) {
            snapshots.clear();
          }
          snapshots.put(key, s);
        }
      }
    }
    return s;
  }
}
