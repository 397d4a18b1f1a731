package ai.kiana.net.sync.reconcile;

import java.util.Arrays;

/**
 * A point in the item order that ranges end at (exclusively): a time and a prefix of an id. An item
 * lies below the bound if its time is smaller, or equal with an id below the prefix padded with
 * zero bytes. {@link #INFINITY} lies above every item.
 */
public record Bound(long time, byte[] prefix) {

  public static final Bound ZERO = new Bound(0, new byte[0]);
  public static final Bound INFINITY = new Bound(Long.MAX_VALUE, new byte[0]);

  public Bound {
    if (time < 0 || prefix.length > ItemKey.ID_BYTES) {
      throw new IllegalArgumentException("bound out of range");
    }
  }

  /** Whether {@code item} lies below this bound. */
  public boolean above(ItemKey item) {
    if (item.time() != time) {
      return item.time() < time;
    }
    return Arrays.compareUnsigned(item.id(), 0, prefix.length, prefix, 0, prefix.length) < 0;
  }

  /**
   * The shortest bound that lies above {@code low} and not above {@code high} ({@code low < high}).
   */
  public static Bound between(ItemKey low, ItemKey high) {
    if (low.time() != high.time()) {
      return new Bound(high.time(), new byte[0]);
    }
    int shared = Arrays.mismatch(low.id(), high.id());
    return new Bound(high.time(), Arrays.copyOf(high.id(), shared + 1));
  }

  public int compareTo(Bound o) {
    int c = Long.compare(time, o.time);
    return c != 0 ? c : Arrays.compareUnsigned(prefix, o.prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bound b && time == b.time && Arrays.equals(prefix, b.prefix);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(time) * 31 + Arrays.hashCode(prefix);
  }
}
