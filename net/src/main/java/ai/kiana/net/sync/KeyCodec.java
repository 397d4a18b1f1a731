package ai.kiana.net.sync;

import ai.kiana.core.block.BlockId;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.sync.reconcile.ItemKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * HAVE and WANT payloads: a varint count, then per item (HAVE) a varint time and 32 id bytes, or
 * (WANT) just the 32 id bytes.
 */
final class KeyCodec {

  private static final HexFormat HEX = HexFormat.of();

  private KeyCodec() {}

  static byte[] encodeKeys(List<ItemKey> keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(keys.size() * 40 + 4);
    varint(out, keys.size());
    for (ItemKey k : keys) {
      varint(out, k.time());
      out.writeBytes(k.id());
    }
    return out.toByteArray();
  }

  static List<ItemKey> decodeKeys(byte[] payload, int max) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    long n = varint(in);
    if (n > max) {
      throw new ProtocolException("list of " + n + " items exceeds " + max);
    }
    List<ItemKey> keys = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      long time = varint(in);
      keys.add(new ItemKey(time, bytes(in, 32)));
    }
    end(in);
    return keys;
  }

  static byte[] encodeIds(List<BlockId> ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.size() * 32 + 4);
    varint(out, ids.size());
    for (BlockId id : ids) {
      out.writeBytes(HEX.parseHex(id.hex()));
    }
    return out.toByteArray();
  }

  static List<BlockId> decodeIds(byte[] payload, int max) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    long n = varint(in);
    if (n > max) {
      throw new ProtocolException("list of " + n + " ids exceeds " + max);
    }
    List<BlockId> ids = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      ids.add(new BlockId(HEX.formatHex(bytes(in, 32))));
    }
    end(in);
    return ids;
  }

  private static void end(ByteBuffer in) {
    if (in.hasRemaining()) {
      throw new ProtocolException("trailing bytes after the list");
    }
  }

  private static byte[] bytes(ByteBuffer in, int n) {
    if (in.remaining() < n) {
      throw new ProtocolException("list ends early");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static long varint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (!in.hasRemaining()) {
        throw new ProtocolException("list ends early");
      }
      int b = in.get() & 0xff;
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          throw new ProtocolException("varint out of range");
        }
        return v;
      }
    }
    throw new ProtocolException("varint too long");
  }
}
