package ai.kiana.net.peers;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: doubling from {@link #DEFAULT_BASE} up to {@link #DEFAULT_MAX}, each spread by
 * ±20% jitter so that devices that lost each other at the same moment do not redial in lockstep.
 */
public final class Backoff {

  public static final Duration DEFAULT_BASE = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

  private Backoff() {}

  /** The delay before attempt {@code failures + 1}, after {@code failures} failures in a row. */
  public static Duration delay(int failures, RandomGenerator random) {
    long base = DEFAULT_BASE.toMillis();
    long max = DEFAULT_MAX.toMillis();
    long d = failures >= 20 ? max : Math.min(max, base << Math.max(0, failures));
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Duration.ofMillis((long) (d * jitter));
  }
}
