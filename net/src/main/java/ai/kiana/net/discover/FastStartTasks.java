package ai.kiana.net.discover;

import java.net.InetAddress;
import java.util.Timer;
import java.util.concurrent.ThreadLocalRandom;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * JmDNS's task starter with RFC 6762 timing for a fresh responder. JmDNS 3.6.1 probes at 250 ms
 * intervals only once its host name is already announced; a newly started instance therefore probes
 * at 1 s intervals and sends its first announcement a further second after probing ends, so a new
 * node was heard of only after ~4 s. RFC 6762 asks for three probes 250 ms apart after a random
 * 0-250 ms wait (8.1) and the first announcement right after (8.3), which is under 1 s. Conflict
 * throttling (15 conflicts in 10 s: slow down) is kept as JmDNS does it.
 *
 * <p>All state tasks (probe, announce, renew, cancel) run on one timer of ours, as they run on one
 * timer in JmDNS, so their state changes stay serialised; everything else is JmDNS's own.
 */
final class FastStartTasks implements DNSTaskStarter {

  static final int PROBE_INTERVAL_MS = 250;
  static final int ANNOUNCE_INTERVAL_MS = 1000;
  static final int START_JITTER_MS = 100;
  private static final int THROTTLE_LIMIT = 10;
  private static final int THROTTLE_WINDOW_MS = 5000;

  private final JmDNSImpl dns;
  private final DNSTaskStarter jmdnsOwn;
  private final Timer stateTimer;
  private long firstProbeAt = -1;

  FastStartTasks(JmDNSImpl dns) {
    this.dns = dns;
    this.jmdnsOwn = new DNSTaskStarter.DNSTaskStarterImpl(dns);
    this.stateTimer = new Timer("kiana-mdns-state-" + dns.getName(), true);
  }

  /** Installs this starter for every JmDNS instance created after the call (JmDNS has one hook). */
  static void install() {
    DNSTaskStarter.Factory.setClassDelegate(FastStartTasks::new);
  }

  @Override
  public void startProber() {
    new Prober(dns) {
      @Override
      public void start(Timer timer) {
        if (dns.isCanceling() || dns.isCanceled()) {
          return;
        }
        long now = System.currentTimeMillis();
        dns.setThrottle(
            now - dns.getLastThrottleIncrement() < THROTTLE_WINDOW_MS ? dns.getThrottle() + 1 : 1);
        dns.setLastThrottleIncrement(now);
        if (dns.getThrottle() < THROTTLE_LIMIT) {
          timer.schedule(this, firstProbeDelay(now), PROBE_INTERVAL_MS);
        } else {
          timer.schedule(this, 1000, 1000);
        }
      }
    }.start(stateTimer);
  }

  /**
   * The host name and each service get a prober of their own, and a peer needs both (the service's
   * SRV and TXT, the host's address) before it can resolve us. So every prober started while the
   * first one has not probed yet waits for the same moment, and they finish together. That first
   * moment is 0-{@value #START_JITTER_MS} ms away rather than RFC 6762's 0-250 ms (a "should",
   * there against devices powering on at the same instant): the 1 s discovery budget allows no
   * more. Later probers (after a conflict) wait the full 0-250 ms.
   */
  private synchronized long firstProbeDelay(long now) {
    if (firstProbeAt < 0) {
      firstProbeAt = now + ThreadLocalRandom.current().nextInt(START_JITTER_MS + 1);
    } else if (firstProbeAt <= now) {
      return ThreadLocalRandom.current().nextInt(PROBE_INTERVAL_MS + 1);
    }
    return firstProbeAt - now;
  }

  @Override
  public void startAnnouncer() {
    new Announcer(dns) {
      @Override
      public void start(Timer timer) {
        if (!dns.isCanceling() && !dns.isCanceled()) {
          timer.schedule(this, 0, ANNOUNCE_INTERVAL_MS);
        }
      }
    }.start(stateTimer);
  }

  @Override
  public void startRenewer() {
    new Renewer(dns).start(stateTimer);
  }

  @Override
  public void startCanceler() {
    new Canceler(dns).start(stateTimer);
  }

  @Override
  public void purgeStateTimer() {
    stateTimer.purge();
    jmdnsOwn.purgeStateTimer();
  }

  @Override
  public void cancelStateTimer() {
    stateTimer.cancel();
    jmdnsOwn.cancelStateTimer();
  }

  @Override
  public void purgeTimer() {
    jmdnsOwn.purgeTimer();
  }

  @Override
  public void cancelTimer() {
    jmdnsOwn.cancelTimer();
  }

  @Override
  public void startReaper() {
    jmdnsOwn.startReaper();
  }

  @Override
  public void startServiceInfoResolver(ServiceInfoImpl info) {
    jmdnsOwn.startServiceInfoResolver(info);
  }

  @Override
  public void startTypeResolver() {
    jmdnsOwn.startTypeResolver();
  }

  @Override
  public void startServiceResolver(String type) {
    jmdnsOwn.startServiceResolver(type);
  }

  @Override
  public void startResponder(DNSIncoming in, InetAddress address, int port) {
    jmdnsOwn.startResponder(in, address, port);
  }
}
