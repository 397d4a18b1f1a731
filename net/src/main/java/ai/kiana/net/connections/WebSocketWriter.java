package ai.kiana.net.connections;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Writes RFC 6455 frames to a blocking stream: each message as one final frame (we never fragment
 * what we send; the reader accepts fragments). A client masks every frame with a fresh random key,
 * a server never masks. Not thread-safe: the connection's one writer thread owns it.
 */
final class WebSocketWriter {

  /** Longest close reason: a control frame carries at most 125 bytes, 2 of them the code. */
  static final int MAX_CLOSE_REASON_BYTES = 123;

  private static final int CHUNK = 16 << 10;

  private final OutputStream out;
  private final SecureRandom random;
  private final byte[] scratch;
  private final byte[] head = new byte[14];
  private long bytesWritten;

  /**
   * @param mask true for the dialling (client) side
   */
  WebSocketWriter(OutputStream out, boolean mask) {
    this.out = out;
    this.random = mask ? new SecureRandom() : null;
    this.scratch = mask ? new byte[CHUNK] : null;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  /** One final frame whose payload is the concatenation of {@code parts}. */
  void frame(int opcode, byte[]... parts) throws IOException {
    long length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    int h = 0;
    head[h++] = (byte) (0x80 | opcode);
    int maskBit = random == null ? 0 : 0x80;
    if (length < 126) {
      head[h++] = (byte) (maskBit | length);
    } else if (length <= 0xffff) {
      head[h++] = (byte) (maskBit | 126);
      head[h++] = (byte) (length >>> 8);
      head[h++] = (byte) length;
    } else {
      head[h++] = (byte) (maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        head[h++] = (byte) (length >>> shift);
      }
    }
    byte[] mask = null;
    if (random != null) {
      mask = new byte[4];
      random.nextBytes(mask);
      System.arraycopy(mask, 0, head, h, 4);
      h += 4;
    }
    out.write(head, 0, h);
    long at = 0;
    for (byte[] p : parts) {
      writeMasked(p, mask, at);
      at += p.length;
    }
    bytesWritten += h + length;
  }

  /** A close frame with a status code and a reason cut to fit (whole characters only). */
  void close(int code, String reason) throws IOException {
    byte[] text = fit(reason);
    byte[] codeBytes = {(byte) (code >>> 8), (byte) code};
    frame(WebSocketReader.OP_CLOSE, codeBytes, text);
  }

  void flush() throws IOException {
    out.flush();
  }

  private void writeMasked(byte[] p, byte[] mask, long at) throws IOException {
    if (mask == null) {
      out.write(p);
      return;
    }
    for (int off = 0; off < p.length; off += CHUNK) {
      int n = Math.min(CHUNK, p.length - off);
      for (int i = 0; i < n; i++) {
        scratch[i] = (byte) (p[off + i] ^ mask[(int) ((at + off + i) & 3)]);
      }
      out.write(scratch, 0, n);
    }
  }

  static byte[] fit(String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    if (text.length <= MAX_CLOSE_REASON_BYTES) {
      return text;
    }
    // Each char takes at least one byte, so no more than 123 of them can fit.
    int end = Math.min(reason.length(), MAX_CLOSE_REASON_BYTES);
    if (end < reason.length() && Character.isLowSurrogate(reason.charAt(end))) {
      end--;
    }
    text = reason.substring(0, end).getBytes(StandardCharsets.UTF_8);
    while (text.length > MAX_CLOSE_REASON_BYTES) {
      end = reason.offsetByCodePoints(end, -1);
      text = reason.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }
    return text;
  }
}
