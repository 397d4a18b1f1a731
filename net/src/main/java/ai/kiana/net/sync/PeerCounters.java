package ai.kiana.net.sync;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What has passed between this node and one peer, kept across reconnects. Thread-safe. */
public final class PeerCounters {

  public final AtomicLong blocksIn = new AtomicLong();
  public final AtomicLong blocksOut = new AtomicLong();
  public final AtomicLong declined = new AtomicLong();
  public final AtomicLong offences = new AtomicLong();
  public final AtomicLong exchanges = new AtomicLong();
  private volatile long rttNanos = -1;
  private volatile Instant lastSync;
  private volatile String lastOffence;

  public void rtt(long nanos) {
    rttNanos = nanos;
  }

  /** The round-trip time of the latest ping, or -1 before the first answer. */
  public long rttNanos() {
    return rttNanos;
  }

  public void synced(Instant at) {
    lastSync = at;
    exchanges.incrementAndGet();
  }

  public Instant lastSync() {
    return lastSync;
  }

  public void offence(String reason) {
    offences.incrementAndGet();
    lastOffence = reason;
  }

  public String lastOffence() {
    return lastOffence;
  }
}
