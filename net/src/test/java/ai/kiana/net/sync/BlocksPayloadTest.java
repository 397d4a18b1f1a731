package ai.kiana.net.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a BLOCKS payload is cut into the blocks' JSON lines before verification. */
class BlocksPayloadTest {

  static List<String> cut(String payload) {
    return BlocksPayload.lines(payload.getBytes(StandardCharsets.UTF_8)).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void linesAreSplitOnNewlinesKeepingMultiByteCharactersWhole() {
    assertThat(cut("{\"a\":\"ä😀\"}\n{\"b\":1}")).containsExactly("{\"a\":\"ä😀\"}", "{\"b\":1}");
  }

  @Test
  void anEmptyPayloadHasNoLinesButEmptyLinesAreKeptToBeRefused() {
    assertThat(cut("")).isEmpty();
    assertThat(cut("x\n")).containsExactly("x", "");
    assertThat(cut("\n\n")).containsExactly("", "", "");
  }

  @Test
  void countingStopsJustPastOneBatchSoAHugePayloadCostsLittle() {
    String many = "x\n".repeat(SyncSession.DEFAULT_BATCH * 10);
    assertThat(BlocksPayload.lines(many.getBytes(StandardCharsets.UTF_8)))
        .hasSize(SyncSession.DEFAULT_BATCH + 1);
  }
}
