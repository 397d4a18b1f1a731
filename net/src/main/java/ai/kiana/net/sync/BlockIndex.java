package ai.kiana.net.sync;

import ai.kiana.core.block.BlockListener;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.net.sync.reconcile.ItemSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The (created, id) keys of every stored block, in memory: built from the store when the node opens
 * and kept current as a {@link BlockListener}. Reconciliation works on {@link #snapshot()}s, which
 * are rebuilt only when blocks arrived since the last one.
 *
 * <p>Why not range queries in the store: a snapshot of 100,000 keys builds in a few milliseconds
 * and then answers every fingerprint in O(1) from prefix sums, whereas SQL would need one aggregate
 * query per range and round. About 80 bytes of memory per block.
 */
public final class BlockIndex implements BlockListener {

  private final ConcurrentSkipListMap<ItemKey, Scope> keys = new ConcurrentSkipListMap<>();
  private final Map<Set<Scope>, ItemSet> snapshots = new ConcurrentHashMap<>();

  public static BlockIndex load(BlockStore store) {
    BlockIndex index = new BlockIndex();
    store.forEachKey(k -> index.keys.put(ItemKey.of(k.created(), k.id()), k.scope()));
    return index;
  }

  @Override
  public void stored(List<KnowledgeBlock> blocks) {
    boolean changed = false;
    for (KnowledgeBlock b : blocks) {
      changed |= keys.putIfAbsent(ItemKey.of(b), b.scope()) == null;
    }
    if (changed) {
      snapshots.clear();
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
    ItemSet s = snapshot(ALL);
    List<byte[]> leaves = new java.util.ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      leaves.add(s.get(i).id());
    }
    return ai.kiana.core.merkle.MerkleTree.rootHex(leaves);
  }

  private static final Set<Scope> ALL = Set.of(Scope.values());

  /** An immutable view of all keys now. */
  public ItemSet snapshot() {
    return snapshot(ALL);
  }

  /**
   * An immutable view of the keys of blocks in {@code scopes} now: what two nodes that follow
   * different scopes reconcile over (the scopes both follow). Cached until a block arrives.
   */
  public ItemSet snapshot(Set<Scope> scopes) {
    Set<Scope> key = Set.copyOf(scopes);
    ItemSet s = snapshots.get(key);
    if (s == null) {
      synchronized (this) {
        s = snapshots.get(key);
        if (s == null) {
          s =
              ItemSet.ofSorted(
                  keys.entrySet().stream()
                      .filter(e -> key.contains(e.getValue()))
                      .map(Map.Entry::getKey)
                      .toArray(ItemKey[]::new));
          snapshots.put(key, s);
        }
      }
    }
    return s;
  }
}
