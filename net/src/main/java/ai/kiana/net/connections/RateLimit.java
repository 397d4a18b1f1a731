package ai.kiana.net.connections;

/**
 * A token bucket over messages from one peer: {@code perSecond} sustained, {@code burst} at once.
 * Not thread-safe: one per connection, used by its reading thread.
 */
public final class RateLimit {

  public static final int DEFAULT_PER_SECOND = 2_000;
  public static final int DEFAULT_BURST = 4_000;

  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  public RateLimit(int perSecond, int burst) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  /** Takes one token; false if the peer has sent faster than allowed. */
  public boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
