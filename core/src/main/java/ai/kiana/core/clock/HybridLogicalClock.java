package ai.kiana.core.clock;

import java.time.Clock;
import java.time.Duration;

/**
 * A hybrid logical clock (Kulkarni et al., 2014): timestamps stay close to wall time, never go
 * backwards on this node, and order after every timestamp this node has seen from others.
 */
public final class HybridLogicalClock {

  /** Remote timestamps further ahead of our wall clock than this are refused, not adopted. */
  public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(5);

  private final Clock wall;
  private final long maxDriftMillis;
  private HlcTimestamp last = HlcTimestamp.ZERO;

  public HybridLogicalClock(Clock wall) {
    this(wall, DEFAULT_MAX_DRIFT);
  }

  public HybridLogicalClock(Clock wall, Duration maxDrift) {
    this.wall = wall;
    this.maxDriftMillis = maxDrift.toMillis();
  }

  /** A timestamp for a local event, strictly after every earlier one from this clock. */
  public synchronized HlcTimestamp now() {
    long physical = wall.millis();
    if (physical > last.millis()) {
      last = new HlcTimestamp(physical, 0);
    } else {
      last = successorOf(last);
    }
    return last;
  }

  /**
   * Merges a timestamp seen elsewhere (a received block, or the newest stored block at start-up),
   * so that later local timestamps order after it.
   *
   * @throws ClockDriftException if {@code seen} is implausibly far ahead of this node's wall clock
   */
  public synchronized void observe(HlcTimestamp seen) {
    long physical = wall.millis();
    if (seen.millis() - physical > maxDriftMillis) {
      throw new ClockDriftException(seen, physical);
    }
    if (seen.compareTo(last) > 0) {
      last = seen;
    }
  }

  private static HlcTimestamp successorOf(HlcTimestamp t) {
    return t.counter() < HlcTimestamp.MAX_COUNTER
        ? new HlcTimestamp(t.millis(), t.counter() + 1)
        : new HlcTimestamp(t.millis() + 1, 0);
  }
}
