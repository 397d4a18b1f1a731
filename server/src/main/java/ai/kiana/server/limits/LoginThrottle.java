package ai.kiana.server.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repeated failed logins for one user name slow down, then lock: after {@link #DEFAULT_FREE}
 * failures each further attempt must wait twice as long as the last (from 1 s), and after {@link
 * #DEFAULT_LOCK_AFTER} failures the name is locked for {@link #DEFAULT_LOCK}. A successful login
 * clears the count. Counted per name whatever the address, so spreading guesses over addresses does
 * not help. Also used for wrong kill phrases.
 */
public final class LoginThrottle {

  public static final int DEFAULT_FREE = 3;
  public static final int DEFAULT_LOCK_AFTER = 10;
  public static final Duration DEFAULT_LOCK = Duration.ofMinutes(15);
  static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final int free;
  private final int lockAfter;
  private final Duration lock;
  private final Map<String, State> failures = new ConcurrentHashMap<>();

  private record State(int count, long notBeforeMs) {}

  public LoginThrottle(Clock clock) {
    this(clock, DEFAULT_FREE, DEFAULT_LOCK_AFTER, DEFAULT_LOCK);
  }

  public LoginThrottle(Clock clock, int free, int lockAfter, Duration lock) {
    this.clock = clock;
    this.free = free;
    this.lockAfter = lockAfter;
    this.lock = lock;
  }

  /** Seconds to wait before {@code key} may try again; 0 if it may now. */
  public long waitSeconds(String key) {
    State s = failures.get(key);
    if (s == null) {
      return 0;
    }
    long waitMs = s.notBeforeMs() - clock.millis();
    return waitMs <= 0 ? 0 : (waitMs + 999) / 1000;
  }

  /** Whether {@code key} is locked (not merely slowed). */
  public boolean locked(String key) {
    State s = failures.get(key);
    return s != null && s.count() >= lockAfter && waitSeconds(key) > 0;
  }

  /** Records a failure; returns the count so far. */
  public int failed(String key) {
    if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
      failures.clear();
    }
    State s =
        failures.merge(
            key,
            new State(1, delayUntil(1)),
            (old, one) -> new State(old.count() + 1, delayUntil(old.count() + 1)));
    return s.count();
  }

  public void succeeded(String key) {
    failures.remove(key);
  }

  private long delayUntil(int count) {
    long now = clock.millis();
    if (count >= lockAfter) {
      return now + lock.toMillis();
    }
    if (count <= free) {
      return now;
    }
    return now + (1000L << Math.min(20, count - free - 1));
  }
}
