package ai.kiana.net.messages;

import java.util.concurrent.atomic.AtomicLong;

/** What messaging has done on this node since it started. Thread-safe. */
public final class MessageCounters {
  public final AtomicLong received = new AtomicLong();
  public final AtomicLong relayed = new AtomicLong();
  public final AtomicLong delivered = new AtomicLong();
  public final AtomicLong duplicates = new AtomicLong();
  public final AtomicLong declined = new AtomicLong();
  public final AtomicLong offences = new AtomicLong();
  private volatile String lastRejection;

  void rejected(Rejected r) {
    (r.kind() == Rejected.Kind.OFFENCE ? offences : declined).incrementAndGet();
    lastRejection = r.getMessage();
  }

  /** Why the latest message item was declined or counted as an offence, or null. */
  public String lastRejection() {
    return lastRejection;
  }
}
