package ai.kiana.net.sync.reconcile;

import ai.kiana.core.crypto.Sha256;
import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable, sorted set of items with prefix sums of their ids, so the fingerprint of any range
 * costs one subtraction and one SHA-256, whatever its size. Ranges are index intervals [lo, hi).
 *
 * <p>The fingerprint of a range is the first {@value #FINGERPRINT_BYTES} bytes of SHA-256 over the
 * sum (mod 2^256, ids read as little-endian numbers) of its ids followed by the item count as 8
 * bytes little-endian. A sum, unlike XOR, cannot be cancelled by a crafted pair of equal ids.
 */
public final class ItemSet {

  public static final int FINGERPRINT_BYTES = 16;
  private static final int LIMBS = 4;

  private final ItemKey[] items;
  private final long[] sums; // (n + 1) * LIMBS: sums[i] = sum of ids[0..i)

  private ItemSet(ItemKey[] sorted) {
    this.items = sorted;
    this.sums = new long[(sorted.length + 1) * LIMBS];
    long[] id = new long[LIMBS];
    for (int i = 0; i < sorted.length; i++) {
      toLimbs(sorted[i].id(), id);
      add(sums, i * LIMBS, id, sums, (i + 1) * LIMBS);
    }
  }

  /** The items sorted and without repeats. */
  public static ItemSet of(Collection<ItemKey> items) {
    ItemKey[] sorted = items.stream().sorted().distinct().toArray(ItemKey[]::new);
    return new ItemSet(sorted);
  }

  /** Items that are already sorted ascending without repeats (not checked beyond debug). */
  public static ItemSet ofSorted(ItemKey[] sorted) {
    return new ItemSet(sorted);
  }

  public int size() {
    return items.length;
  }

  public ItemKey get(int index) {
    return items[index];
  }

  /** The index of the first item not below {@code bound} (size() if none). */
  public int indexOf(Bound bound) {
    int lo = 0;
    int hi = items.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bound.above(items[mid])) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public byte[] fingerprint(int lo, int hi) {
    long[] diff = new long[LIMBS];
    long borrow = 0;
    for (int l = 0; l < LIMBS; l++) {
      long a = sums[hi * LIMBS + l];
      long b = sums[lo * LIMBS + l];
      long d = a - b - borrow;
      borrow = (Long.compareUnsigned(a, b) < 0 || (a == b && borrow == 1)) ? 1 : 0;
      diff[l] = d;
    }
    byte[] input = new byte[ItemKey.ID_BYTES + 8];
    for (int l = 0; l < LIMBS; l++) {
      putLong(input, l * 8, diff[l]);
    }
    putLong(input, ItemKey.ID_BYTES, hi - lo);
    return Arrays.copyOf(Sha256.digest(input), FINGERPRINT_BYTES);
  }

  private static void toLimbs(byte[] id, long[] out) {
    for (int l = 0; l < LIMBS; l++) {
      long v = 0;
      for (int b = 7; b >= 0; b--) {
        v = (v << 8) | (id[l * 8 + b] & 0xff);
      }
      out[l] = v;
    }
  }

  private static void add(long[] a, int aOff, long[] b, long[] out, int outOff) {
    long carry = 0;
    for (int l = 0; l < LIMBS; l++) {
      long x = a[aOff + l];
      long s = x + b[l] + carry;
      carry = (Long.compareUnsigned(s, x) < 0 || (carry == 1 && s == x)) ? 1 : 0;
      out[outOff + l] = s;
    }
  }

  private static void putLong(byte[] out, int off, long v) {
    for (int b = 0; b < 8; b++) {
      out[off + b] = (byte) (v >>> (8 * b));
    }
  }
}
