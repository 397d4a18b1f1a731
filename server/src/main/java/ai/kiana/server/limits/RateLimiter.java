package ai.kiana.server.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (bucket4j) per key, e.g. per account, device or address, for one kind of request.
 * The map of buckets is bounded: when it is full it is cleared, which errs towards letting a burst
 * through rather than refusing everyone (the buckets are a brake, the login lockout is the lock).
 */
public final class RateLimiter {

  /** Most keys remembered per limiter. */
  static final int MAX_KEYS = 10_000;

  private final String name;
  private final long capacity;
  private final Duration refillPeriod;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param capacity requests allowed in a burst, refilled greedily over {@code refillPeriod}
   */
  public RateLimiter(String name, long capacity, Duration refillPeriod) {
    if (capacity < 1) {
      throw new IllegalArgumentException(name + ": capacity must be at least 1");
    }
    this.name = name;
    this.capacity = capacity;
    this.refillPeriod = refillPeriod;
  }

  public String name() {
    return name;
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return 0 if allowed, else the seconds to wait
   */
  public long tryAcquire(String key) {
    if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
      buckets.clear();
    }
    Bucket bucket =
        buckets.computeIfAbsent(
            key,
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(capacity)
                            .refillGreedy(capacity, refillPeriod)
                            .build())
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
  }
}
