package ai.kiana.core.json;

import java.util.Arrays;

/**
 * A growable byte buffer for {@link CanonicalJson}, reused per thread. Fields are accessed directly
 * on the hot path; not thread-safe.
 */
final class Utf8Buffer {
  private static final int INITIAL = 4 * 1024;
  // A thread that once canonicalized a huge document should not keep that much memory.
  private static final int RETAINED_MAX = 256 * 1024;

  byte[] bytes = new byte[INITIAL];
  int length;

  void reset() {
    length = 0;
  }

  void trim() {
    if (bytes.length > RETAINED_MAX) {
      bytes = new byte[INITIAL];
    }
  }

  void ensure(int extra) {
    if (bytes.length - length < extra) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }

  void append(char ascii) {
    ensure(1);
    bytes[length++] = (byte) ascii;
  }

  void append(byte[] ascii) {
    ensure(ascii.length);
    System.arraycopy(ascii, 0, bytes, length, ascii.length);
    length += ascii.length;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }
}
