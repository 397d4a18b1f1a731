package ai.kiana.net.peers;

import ai.kiana.net.connections.Connection;
import ai.kiana.net.sync.PeerCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Per-peer bookkeeping that outlives connections: counters, when to dial next (with {@link
 * Backoff}), the last error and when it was last pinged and reconciled with.
 */
public final class PeerStatus {

  private final PeerCounters counters = new PeerCounters();
  private volatile int failures;
  private volatile Instant nextAttempt = Instant.EPOCH;
  private volatile boolean dialing;
  private volatile String lastError;
  private volatile long lastPingNanos;
  private volatile Instant lastExchange = Instant.EPOCH;
  // Closed on purpose (the node resumed): the next failure redials without backoff.
  private volatile boolean redialAtOnce;

  public PeerCounters counters() {
    return counters;
  }

  /** Dial at the next tick, as if it never failed (new address, new peer, new follow filter). */
  public void retryNow() {
    failures = 0;
    nextAttempt = Instant.EPOCH;
  }

  /** Whether a dial may start now: none is running and the backoff has passed. */
  public boolean mayDial(Instant now) {
    return !dialing && !now.isBefore(nextAttempt);
  }

  public void dialing(boolean dialing) {
    this.dialing = dialing;
  }

  public void lastError(String error) {
    this.lastError = error;
  }

  /** A connection came up: the backoff starts from scratch. */
  public void connected() {
    failures = 0;
    lastError = null;
  }

  /** The next loss of the connection is redialled at once rather than after a backoff. */
  public void redialAtOnce() {
    redialAtOnce = true;
  }

  /** A dial failed or a connection was lost: the next dial waits for the backoff. */
  public void failed(String error, Instant now, Random random) {
    lastError = error;
    if (redialAtOnce) {
      redialAtOnce = false;
      nextAttempt = Instant.EPOCH;
      return;
    }
    nextAttempt = now.plus(Backoff.delay(failures, random));
    failures++;
  }

  /** Whether a ping is due after {@code every}; if so, counts it as sent now. */
  public boolean pingDue(long nowNanos, Duration every) {
    if (nowNanos - lastPingNanos <= every.toNanos()) {
      return false;
    }
    lastPingNanos = nowNanos;
    return true;
  }

  /** Whether the last reconciliation is longer ago than {@code every}. */
  public boolean exchangeDue(Instant now, Duration every) {
    return Duration.between(lastExchange, now).compareTo(every) > 0;
  }

  public void exchanged(Instant at) {
    lastExchange = at;
  }

  /**
   * How the peer looks to the API and CLI.
   *
   * @param open the peer's open connection, or null when it has none
   */
  public PeerView view(PeerRecord peer, Connection open) {
    boolean up = open != null;
    long rtt = counters.rttNanos();
    return new PeerView(
        peer.device(),
        peer.name(),
        peer.address(),
        peer.origin(),
        up ? "connected" : dialing ? "connecting" : "disconnected",
        up ? (open.outbound() ? PeerView.WSS_OUTBOUND : PeerView.WSS_INBOUND) : null,
        rtt < 0 ? -1 : rtt / 1e6,
        counters.lastSync(),
        counters.blocksIn.get(),
        counters.blocksOut.get(),
        counters.declined.get(),
        counters.offences.get(),
        lastError,
        up || peer.address() == null ? null : nextAttempt);
  }
}
