package ai.kiana.net.sync.reconcile;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.clock.HlcTimestamp;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where an item sits in the reconciliation order: its timestamp, then its 32-byte id compared as
 * unsigned bytes. For knowledge blocks this is the store's (created, id) order, with the HLC
 * timestamp packed as {@code millis << 16 | counter}.
 */
public record ItemKey(long time, byte[] id) implements Comparable<ItemKey> {

  public static final int ID_BYTES = 32;

  public ItemKey {
    if (time < 0) {
      throw new IllegalArgumentException("time must not be negative");
    }
    if (id.length != ID_BYTES) {
      throw new IllegalArgumentException("an item id is 32 bytes");
    }
  }

  public static ItemKey of(KnowledgeBlock block) {
    return of(block.created(), block.id());
  }

  public static ItemKey of(HlcTimestamp created, BlockId id) {
    return new ItemKey(pack(created), HexFormat.of().parseHex(id.hex()));
  }

  public static long pack(HlcTimestamp t) {
    return (t.millis() << 16) | t.counter();
  }

  public BlockId blockId() {
    return new BlockId(HexFormat.of().formatHex(id));
  }

  @Override
  public int compareTo(ItemKey o) {
    int c = Long.compare(time, o.time);
    return c != 0 ? c : Arrays.compareUnsigned(id, o.id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemKey k && time == k.time && Arrays.equals(id, k.id);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(time) * 31 + Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return time + ":" + HexFormat.of().formatHex(id, 0, 4);
  }
}
