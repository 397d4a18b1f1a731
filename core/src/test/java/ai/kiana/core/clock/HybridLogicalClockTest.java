package ai.kiana.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

  private final AtomicLong wallMillis =
      new AtomicLong(Instant.parse("2026-11-25T12:00:00Z").toEpochMilli());
  private final Clock wall =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(wallMillis.get());
        }
      };
  private final HybridLogicalClock clock = new HybridLogicalClock(wall);

  @Test
  void timestampsStrictlyIncreaseWithinOneMillisecond() {
    HlcTimestamp a = clock.now();
    HlcTimestamp b = clock.now();
    assertThat(b).isGreaterThan(a);
    assertThat(b.millis()).isEqualTo(a.millis());
    assertThat(b.counter()).isEqualTo(a.counter() + 1);
  }

  @Test
  void timestampsNeverGoBackwardsWhenTheWallClockDoes() {
    HlcTimestamp before = clock.now();
    wallMillis.addAndGet(-60_000);
    assertThat(clock.now()).isGreaterThan(before);
  }

  @Test
  void localTimestampsOrderAfterObservedRemoteOnes() {
    HlcTimestamp remote = new HlcTimestamp(wallMillis.get() + 10_000, 7);
    clock.observe(remote);
    assertThat(clock.now()).isGreaterThan(remote);
  }

  @Test
  void remoteTimestampFarInTheFutureIsRefused() {
    HlcTimestamp remote = new HlcTimestamp(wallMillis.get() + Duration.ofHours(1).toMillis(), 0);
    assertThatThrownBy(() -> clock.observe(remote)).isInstanceOf(ClockDriftException.class);
    assertThat(clock.now().millis()).isEqualTo(wallMillis.get());
  }

  @Test
  void textFormRoundTripsAndSortsLikeTheTimestamp() {
    HlcTimestamp a = new HlcTimestamp(Instant.parse("2026-11-25T13:11:00.123Z").toEpochMilli(), 1);
    HlcTimestamp b = new HlcTimestamp(a.millis(), 0x10);
    assertThat(a.toString()).isEqualTo("2026-11-25T13:11:00.123Z-0001");
    assertThat(HlcTimestamp.parse(a.toString())).isEqualTo(a);
    assertThat(a.toString().compareTo(b.toString())).isNegative();
  }

  @Test
  void malformedTextIsRefused() {
    for (String bad :
        new String[] {
          "",
          "2026-11-25T13:11:00Z",
          "2026-11-25T13:11:00.123Z-00001",
          "2026-11-25T13:11:00.123Z-00AB",
          "2026-13-25T13:11:00.123Z-0000"
        }) {
      assertThatThrownBy(() -> HlcTimestamp.parse(bad)).hasMessageContaining("must look like");
    }
  }
}
