package ai.kiana.net.sync;

import ai.kiana.core.block.BlockListener;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.net.sync.reconcile.ItemSet;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;

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

  private final ConcurrentSkipListSet<ItemKey> keys = new ConcurrentSkipListSet<>();
  private volatile ItemSet snapshot;

  public static BlockIndex load(BlockStore store) {
    BlockIndex index = new BlockIndex();
    store.forEachKey((created, id) -> index.keys.add(ItemKey.of(created, id)));
    return index;
  }

  @Override
  public void stored(List<KnowledgeBlock> blocks) {
    boolean changed = false;
    for (KnowledgeBlock b : blocks) {
      changed |= keys.add(ItemKey.of(b));
    }
    if (changed) {
      snapshot = null;
    }
  }

  public boolean contains(ItemKey key) {
    return keys.contains(key);
  }

  public int size() {
    return keys.size();
  }

  /**
   * The Merkle root (docs/PROTOCOL.md) over the ids of every block in (created, id) order: two
   * nodes hold the same knowledge set exactly when their roots are equal.
   */
  public String merkleRootHex() {
    ItemSet s = snapshot();
    List<byte[]> leaves = new java.util.ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      leaves.add(s.get(i).id());
    }
    return ai.kiana.core.merkle.MerkleTree.rootHex(leaves);
  }

  /** An immutable view of the keys now. */
  public ItemSet snapshot() {
    ItemSet s = snapshot;
    if (s == null) {
      synchronized (this) {
        s = snapshot;
        if (s == null) {
          s = ItemSet.ofSorted(keys.toArray(ItemKey[]::new));
          snapshot = s;
        }
      }
    }
    return s;
  }
}
