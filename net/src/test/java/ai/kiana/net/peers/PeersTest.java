package ai.kiana.net.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.testkit.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersTest {

  @TempDir Path dir;

  @Test
  void thePeerBookSurvivesARestart() {
    Path file = dir.resolve("peers.json");
    PeerBook book = PeerBook.open(file);
    PeerRecord r =
        new PeerRecord(
            TestBlocks.identity(2).deviceId(),
            "phone",
            "10.0.0.2:8471",
            "paired",
            Instant.parse("2026-11-25T10:00:00Z"));
    book.put(r);
    book.put(
        new PeerRecord(TestBlocks.identity(3).deviceId(), "pi", null, "config", Instant.EPOCH));
    book.remove(TestBlocks.identity(3).deviceId());

    PeerBook reopened = PeerBook.open(file);
    assertThat(reopened.all()).containsExactly(r);
    assertThat(Files.exists(dir.resolve("peers.json.tmp"))).isFalse();
  }

  @Test
  void aDamagedPeerFileIsAClearErrorNotAnEmptyList() throws Exception {
    Path file = dir.resolve("peers.json");
    Files.writeString(file, "{\"peers\": [{\"device\": \"nope\"}]}");
    assertThatThrownBy(() -> PeerBook.open(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a valid peer list");
  }

  @Test
  void backoffDoublesUpToAMinuteWithTwentyPercentJitter() {
    Random random = new Random(1);
    for (int failures = 0; failures < 30; failures++) {
      long nominal = Math.min(60_000, 250L << Math.min(failures, 20));
      Duration d = Backoff.delay(failures, random);
      assertThat(d.toMillis()).isBetween((long) (nominal * 0.8), (long) (nominal * 1.2));
    }
    assertThat(Backoff.delay(100, random).toMillis()).isLessThanOrEqualTo(72_000);
  }

  @Test
  void addressesNeedHostAndPort() {
    assertThat(PeerAddress.parse("[::1]:8471")).isEqualTo(new PeerAddress("::1", 8471));
    assertThatThrownBy(() -> PeerAddress.parse("host")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> PeerAddress.parse("host:0")).hasMessageContaining("1-65535");
  }
}
