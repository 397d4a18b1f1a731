package ai.kiana.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that only moves when a test moves it. Thread-safe: several threads may read and
 * advance it. Time never moves by itself, so two reads without an advance return the same instant.
 */
public final class FakeClock extends Clock {

  /** Where a new fake clock starts unless told otherwise: a fixed, unremarkable moment. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong millis;
  private final ZoneId zone;

  public FakeClock() {
    this(DEFAULT_START);
  }

  public FakeClock(Instant start) {
    this(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
  }

  // Shares the counter so that withZone() views move together with the original.
  private FakeClock(AtomicLong millis, ZoneId zone) {
    this.millis = millis;
    this.zone = zone;
  }

  /** Moves the clock forward (or back, for a negative duration) and returns the new instant. */
  public Instant advance(Duration by) {
    return Instant.ofEpochMilli(millis.addAndGet(by.toMillis()));
  }

  public Instant advanceMillis(long by) {
    return Instant.ofEpochMilli(millis.addAndGet(by));
  }

  /** Jumps to {@code instant}, which may lie in the past, to simulate a clock that was reset. */
  public void set(Instant instant) {
    millis.set(instant.toEpochMilli());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new FakeClock(millis, newZone);
  }

  @Override
  public String toString() {
    return "FakeClock[" + instant() + "]";
  }
}
