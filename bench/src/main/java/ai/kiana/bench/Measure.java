package ai.kiana.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times work the same way for every benchmark: some warm-up rounds (results dropped, so the JIT and
 * caches settle), then N timed rounds, reporting the median rate. Medians rather than means because
 * the machines are shared: one round disturbed by a neighbour should not move the figure.
 *
 * <p>Work reports how many items it did per call (one signature, a batch of 1000 blocks, ...), so
 * batched and single-item work are measured in the same unit.
 */
public final class Measure {

  /**
   * How long to measure.
   *
   * @param roundTime each round repeats the work until at least this much time has passed
   * @param budget if not null, no further timed round starts once this much time has passed since
   *     the first timed round (at least one is always run): keeps slow work bounded on a loaded
   *     machine, at the price of fewer rounds
   */
  public record Settings(int warmupRounds, int rounds, Duration roundTime, Duration budget) {

    /** About 4 seconds per figure: enough for stable medians on 2 cores. */
    public static final Settings DEFAULT = new Settings(3, 5, Duration.ofMillis(500));

    /** For smoke tests: proves the code path runs, the figures mean nothing. */
    public static final Settings QUICK = new Settings(1, 2, Duration.ofMillis(20));

    public Settings {
      if (warmupRounds < 0 || rounds < 1 || roundTime == null || roundTime.isNegative()) {
        throw new IllegalArgumentException(
            "need warmupRounds >= 0, rounds >= 1 and a positive roundTime; got "
                + warmupRounds
                + ", "
                + rounds
                + ", "
                + roundTime);
      }
    }

    public Settings(int warmupRounds, int rounds, Duration roundTime) {
      this(warmupRounds, rounds, roundTime, null);
    }

    boolean overBudget(long timedSince, int roundsDone) {
      return budget != null && roundsDone > 0 && System.nanoTime() - timedSince > budget.toNanos();
    }
  }

  /** One call of the work under test; returns how many items it processed. */
  @FunctionalInterface
  public interface Work {
    long run() throws Exception;
  }

  /** Items per second over the timed rounds: their median and spread. */
  public record Rate(double median, double min, double max, int rounds) {
    /** The median time per item in nanoseconds. */
    public double nanosPerItem() {
      return 1e9 / median;
    }
  }

  // Written, never read: a store the JIT cannot prove useless keeps the work that made it alive.
  @SuppressWarnings("unused")
  private static volatile Object sink;

  private Measure() {}

  /** Keeps {@code result} alive so the JIT cannot drop the work that computed it; returns 1. */
  public static long consume(Object result) {
    sink = result;
    return 1;
  }

  /** One figure to measure among several: {@code threads} threads each running {@code work}. */
  public record Case(String name, int threads, Work work) {
    public Case {
      if (threads < 1) {
        throw new IllegalArgumentException(
            "case '" + name + "': threads must be at least 1, got " + threads);
      }
    }
  }

  /**
   * Measures several cases round-robin: round 1 of every case, then round 2 of every case, and so
   * on (warm-up rounds likewise). On a shared machine the load drifts over a run; interleaving lets
   * every case see the same drift, so the ratios between them hold even when the absolute figures
   * wander. Returns the rates in the order of {@code cases}.
   */
  public static List<Rate> interleaved(Settings settings, List<Case> cases) {
    long roundNanos = settings.roundTime().toNanos();
    for (int i = 0; i < settings.warmupRounds(); i++) {
      for (Case c : cases) {
        round(c.threads(), roundNanos, c.work());
      }
    }
    double[][] rates = new double[cases.size()][settings.rounds()];
    long timedSince = System.nanoTime();
    int done = 0;
    while (done < settings.rounds() && !settings.overBudget(timedSince, done)) {
      for (int c = 0; c < cases.size(); c++) {
        rates[c][done] = round(cases.get(c).threads(), roundNanos, cases.get(c).work());
      }
      done++;
    }
    int rounds = done;
    return Arrays.stream(rates).map(r -> rate(Arrays.copyOf(r, rounds))).toList();
  }

  /** Runs {@code work} on one thread in rounds of {@code settings.roundTime()}. */
  public static Rate throughput(Settings settings, Work work) {
    return throughput(settings, 1, work);
  }

  /**
   * Runs {@code work} on {@code threads} threads at once; a round's rate is all items done by all
   * threads divided by the round's wall time. {@code work} must be thread-safe.
   */
  public static Rate throughput(Settings settings, int threads, Work work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    long roundNanos = settings.roundTime().toNanos();
    for (int i = 0; i < settings.warmupRounds(); i++) {
      round(threads, roundNanos, work);
    }
    double[] rates = new double[settings.rounds()];
    long timedSince = System.nanoTime();
    int done = 0;
    while (done < rates.length && !settings.overBudget(timedSince, done)) {
      rates[done++] = round(threads, roundNanos, work);
    }
    return rate(Arrays.copyOf(rates, done));
  }

  /** Percentiles of single-operation times, in nanoseconds. */
  public record Latency(long p50, long p99, long max, int samples) {}

  /**
   * Summarises per-operation times (nanoseconds; the array is sorted in place).
   *
   * @throws IllegalArgumentException if there are no samples
   */
  public static Latency latency(long[] nanos) {
    Arrays.sort(nanos);
    return new Latency(
        percentile(nanos, 50), percentile(nanos, 99), nanos[nanos.length - 1], nanos.length);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The {@code p}-th percentile (0 < p <= 100) of {@code sorted} by the nearest-rank method.
   *
   * @throws IllegalArgumentException if there are no values or p is out of range
   */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0 || !(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " values");
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static Rate rate(double[] rates) {
    return new Rate(
        median(rates),
        Arrays.stream(rates).min().orElseThrow(),
        Arrays.stream(rates).max().orElseThrow(),
        rates.length);
  }

  private static double round(int threads, long roundNanos, Work work) {
    if (threads == 1) {
      long start = System.nanoTime();
      long deadline = start + roundNanos;
      long items = 0;
      long now;
      do {
        items += call(work);
        now = System.nanoTime();
      } while (now < deadline);
      return items * 1e9 / (now - start);
    }
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] items = new long[threads];
    long[] ends = new long[threads];
    long[] starts = new long[1];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int index = t;
      workers.add(
          Thread.ofPlatform()
              .name("bench-" + t)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                      long deadline = starts[0] + roundNanos;
                      long done = 0;
                      long now;
                      do {
                        done += call(work);
                        now = System.nanoTime();
                      } while (now < deadline);
                      items[index] = done;
                      ends[index] = now;
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    try {
      ready.await();
      starts[0] = System.nanoTime();
      go.countDown();
      for (Thread w : workers) {
        w.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark work failed: " + failure.get(), failure.get());
    }
    long total = Arrays.stream(items).sum();
    long end = Arrays.stream(ends).max().orElseThrow();
    return total * 1e9 / (end - starts[0]);
  }

  private static long call(Work work) {
    try {
      return work.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("benchmark work failed: " + e.getMessage(), e);
    }
  }
}
