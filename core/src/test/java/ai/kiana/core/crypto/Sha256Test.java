package ai.kiana.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256Test {

  @ParameterizedTest
  @CsvSource({
    // FIPS 180-2 examples and the empty string.
    "'', e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq,"
        + " 248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  })
  void digestMatchesPublishedValues(String input, String expected) {
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    assertThat(Sha256.hex(data)).isEqualTo(expected);
    assertThat(Sha256.digest(data))
        .isEqualTo(HexFormat.of().parseHex(expected))
        .hasSize(Sha256.BYTES);
  }

  @Test
  void rangeDigestEqualsDigestOfThatRange() {
    byte[] data = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
    assertThat(Sha256.digest(data, 2, 3)).isEqualTo(Sha256.digest(Arrays.copyOfRange(data, 2, 5)));
    assertThat(Sha256.digest(data, 7, 0)).isEqualTo(Sha256.digest(new byte[0]));
  }

  @Test
  void rangeOutsideTheArrayIsRejected() {
    assertThatThrownBy(() -> Sha256.digest(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void concurrentCallersGetIndependentResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          pool.invokeAll(
              IntStream.range(0, 8)
                  .<Callable<Boolean>>mapToObj(
                      t ->
                          () -> {
                            byte[] data = ("thread " + t).getBytes(StandardCharsets.UTF_8);
                            byte[] first = Sha256.digest(data);
                            for (int i = 0; i < 2000; i++) {
                              if (!Arrays.equals(first, Sha256.digest(data))) {
                                return false;
                              }
                            }
                            return true;
                          })
                  .toList());
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
