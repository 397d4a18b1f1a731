package ai.kiana.net.sync.reconcile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a reconciliation message (docs/PROTOCOL.md, "Reconciliation"): a version byte,
 * then the ranges. A bound is written as the varint of its time delta to the previous bound plus
 * one (0 for infinity), the varint length of its prefix and the prefix; then a mode varint (0 skip,
 * 1 fingerprint + 16 bytes, 2 id list: varint count, then per item varint time delta plus one and
 * 32 id bytes). Item times in a list are deltas to the previous item (the first to the range's
 * lower bound), so a list costs little more than its ids.
 */
public final class RangeCodec {

  public static final int VERSION = 1;

  /** Items one id list may hold: more than any honest peer sends (see Reconciler). */
  public static final int MAX_LIST_ITEMS = 100_000;

  private RangeCodec() {}

  public static byte[] encode(List<Range> ranges) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + ranges.size() * 24);
    out.write(VERSION);
    long prev = 0;
    for (Range r : ranges) {
      Bound b = r.upper();
      if (b.time() == Long.MAX_VALUE) {
        writeVarint(out, 0);
      } else {
        writeVarint(out, b.time() - prev + 1);
      }
      writeVarint(out, b.prefix().length);
      out.writeBytes(b.prefix());
      switch (r) {
        case Range.Skip s -> writeVarint(out, 0);
        case Range.Fingerprint f -> {
          writeVarint(out, 1);
          out.writeBytes(f.fingerprint());
        }
        case Range.IdList l -> {
          writeVarint(out, 2);
          writeVarint(out, l.items().size());
          long t = prev;
          for (ItemKey k : l.items()) {
            writeVarint(out, k.time() - t);
            out.writeBytes(k.id());
            t = k.time();
          }
        }
      }
      if (b.time() != Long.MAX_VALUE) {
        prev = b.time();
      }
    }
    return out.toByteArray();
  }

  /**
   * @throws ReconcileFormatException if the bytes are not a valid message
   */
  public static List<Range> decode(byte[] bytes) {
    try {
      return decodeChecked(bytes);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new ReconcileFormatException("malformed reconciliation message: " + e.getMessage());
    }
  }

  private static List<Range> decodeChecked(byte[] bytes) {
    Reader in = new Reader(bytes);
    int version = in.read();
    if (version != VERSION) {
      throw new ReconcileFormatException("unsupported reconciliation version " + version);
    }
    List<Range> ranges = new ArrayList<>();
    long prev = 0;
    boolean ended = false;
    while (in.hasMore()) {
      if (ended) {
        throw new ReconcileFormatException("range after the infinite bound");
      }
      long delta = in.varint();
      long time;
      if (delta == 0) {
        time = Long.MAX_VALUE;
        ended = true;
      } else {
        time = Math.addExact(prev, delta - 1);
      }
      int prefixLen = (int) in.varint();
      if (prefixLen > ItemKey.ID_BYTES) {
        throw new ReconcileFormatException("bound prefix longer than an id");
      }
      Bound upper = new Bound(time, in.bytes(prefixLen));
      long lower = prev;
      int mode = (int) in.varint();
      ranges.add(
          switch (mode) {
            case 0 -> new Range.Skip(upper);
            case 1 -> new Range.Fingerprint(upper, in.bytes(ItemSet.FINGERPRINT_BYTES));
            case 2 -> {
              long count = in.varint();
              if (count > MAX_LIST_ITEMS) {
                throw new ReconcileFormatException("id list of " + count + " items is too long");
              }
              List<ItemKey> items = new ArrayList<>((int) count);
              long t = lower;
              for (long i = 0; i < count; i++) {
                t = Math.addExact(t, in.varint());
                items.add(new ItemKey(t, in.bytes(ItemKey.ID_BYTES)));
              }
              yield new Range.IdList(upper, items);
            }
            default -> throw new ReconcileFormatException("unknown range mode " + mode);
          });
      if (!ended) {
        prev = time;
      }
    }
    return ranges;
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint");
    }
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean hasMore() {
      return pos < bytes.length;
    }

    int read() {
      if (pos >= bytes.length) {
        throw new ReconcileFormatException("message ends early");
      }
      return bytes[pos++] & 0xff;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        int b = read();
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new ReconcileFormatException("varint too long");
    }

    byte[] bytes(int n) {
      if (n > bytes.length - pos) {
        throw new ReconcileFormatException("message ends early");
      }
      byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
      pos += n;
      return out;
    }
  }
}
