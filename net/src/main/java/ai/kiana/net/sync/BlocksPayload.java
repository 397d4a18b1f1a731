package ai.kiana.net.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A BLOCKS payload: the blocks' canonical JSON, one a line. */
final class BlocksPayload {

  private BlocksPayload() {}

  /**
   * The lines of a BLOCKS payload as UTF-8 bytes, for the JSON parser to read directly (no string
   * in between); stops counting past one more than a batch, which is refused anyway.
   */
  static List<byte[]> lines(byte[] payload) {
    List<byte[]> out = new ArrayList<>();
    if (payload.length == 0) {
      return out;
    }
    int start = 0;
    for (int i = 0; i <= payload.length && out.size() <= SyncSession.DEFAULT_BATCH; i++) {
      if (i == payload.length || payload[i] == '\n') {
        out.add(Arrays.copyOfRange(payload, start, i));
        start = i + 1;
      }
    }
    return out;
  }
}
