package ai.kiana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

// No timing assertions: machines are shared, so only the bookkeeping is checked here.
class MeasureTest {

  private static final Measure.Settings TINY = new Measure.Settings(1, 3, Duration.ofMillis(5));

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Measure.median(new double[] {9, 1, 5})).isEqualTo(5);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Measure.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void percentilesUseTheNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    assertThat(Measure.percentile(sorted, 50)).isEqualTo(50);
    assertThat(Measure.percentile(sorted, 99)).isEqualTo(99);
    assertThat(Measure.percentile(sorted, 100)).isEqualTo(100);
    assertThat(Measure.percentile(new long[] {7}, 1)).isEqualTo(7);
  }

  @Test
  void latencySortsTheSamplesAndReportsTheTail() {
    Measure.Latency latency = Measure.latency(new long[] {30, 10, 20, 1000});

    assertThat(latency.p50()).isEqualTo(20);
    assertThat(latency.p99()).isEqualTo(1000);
    assertThat(latency.max()).isEqualTo(1000);
    assertThat(latency.samples()).isEqualTo(4);
  }

  @Test
  void throughputCountsTheItemsTheWorkReports() {
    AtomicLong calls = new AtomicLong();

    Measure.Rate rate = Measure.throughput(TINY, 2, () -> calls.incrementAndGet() > 0 ? 10 : 0);

    assertThat(calls.get()).isPositive();
    assertThat(rate.median()).isPositive();
    assertThat(rate.min()).isLessThanOrEqualTo(rate.median());
    assertThat(rate.max()).isGreaterThanOrEqualTo(rate.median());
  }

  @Test
  void interleavedRunsEveryCaseEveryRoundAndKeepsTheirOrder() {
    AtomicLong first = new AtomicLong();
    AtomicLong second = new AtomicLong();

    List<Measure.Rate> rates =
        Measure.interleaved(
            TINY,
            List.of(
                new Measure.Case("first", 1, () -> first.incrementAndGet() > 0 ? 1 : 0),
                new Measure.Case("second", 1, () -> second.incrementAndGet() > 0 ? 1 : 0)));

    assertThat(rates).hasSize(2);
    // Each case runs at least once per warm-up and timed round.
    assertThat(first.get()).isGreaterThanOrEqualTo(4);
    assertThat(second.get()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void failingWorkStopsTheMeasurementWithItsCause() {
    assertThatThrownBy(
            () ->
                Measure.throughput(
                    TINY,
                    2,
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessageContaining("boom");
  }

  @Test
  void settingsRejectZeroRounds() {
    assertThatThrownBy(() -> new Measure.Settings(0, 0, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rounds");
  }
}
