package ai.kiana.net;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.peers.PeerAddress;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerStatus;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.net.sync.SyncSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings connections up and keeps them healthy: accepts on the sync port, dials known peers with
 * backoff, pings, closes silent or outdated connections and starts anti-entropy reconciliations.
 */
final class PeerConnector {

  private static final Logger LOG = LoggerFactory.getLogger(PeerConnector.class);
  static final long TICK_MS = 100;

  private final NetConfig config;
  private final Transport transport;
  private final PeerBook book;
  private final PeerSessions sessions;
  private final PeerAccess access;
  private final AtomicReference<FollowPolicy> follow;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private ServerSocket server;
  private volatile boolean closed;

  PeerConnector(
      NetConfig config,
      Transport transport,
      PeerBook book,
      PeerSessions sessions,
      PeerAccess access,
      AtomicReference<FollowPolicy> follow,
      Clock clock,
      ScheduledExecutorService ticker) {
    this.config = config;
    this.transport = transport;
    this.book = book;
    this.sessions = sessions;
    this.access = access;
    this.follow = follow;
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * Binds the sync port, then accepts and dials from now on.
   *
   * @throws IOException if the port cannot be bound
   */
  void start() throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
    transport.listenPort(server.getLocalPort());
    Thread.ofVirtual().name("kiana-sync-accept").start(this::acceptLoop);
    ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    LOG.info("event=sync-listening port={}", server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  InetAddress boundAddress() {
    return server.getInetAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket raw;
      try {
        raw = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("event=sync-accept-failed error=\"{}\"", e.getMessage());
        }
        return;
      }
      String from = raw.getInetAddress().getHostAddress();
      if (!access.addressAllowed(from)) {
        LOG.info("event=sync-inbound-refused reason=\"address {} is refused\"", from);
        closeQuietly(raw);
        continue;
      }
      Thread.ofVirtual().start(() -> accept(raw));
    }
  }

  private void accept(Socket raw) {
    try {
      Connection c = transport.accept(raw).connection();
      if (c.peerListenPort() > 0) {
        String addr = raw.getInetAddress().getHostAddress() + ":" + c.peerListenPort();
        book.get(c.peer())
            .filter(r -> r.address() == null)
            .ifPresent(r -> book.put(r.withAddress(addr)));
        if (!book.contains(c.peer())) {
          // A ledger member this node had no address of: dial it back after a loss.
          book.put(new PeerRecord(c.peer(), c.peerName(), addr, "ledger", clock.instant()));
        }
      }
      sessions.register(c, false);
    } catch (IOException | RuntimeException e) {
      LOG.info("event=sync-inbound-refused reason=\"{}\"", e.getMessage());
    }
  }

  private void dial(PeerRecord peer) {
    PeerStatus s = sessions.status(peer.device());
    s.dialing(true);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                PeerAddress a = PeerAddress.parse(peer.address());
                if (!access.addressAllowed(a.host())) {
                  throw new IOException("address " + a.host() + " is refused");
                }
                sessions.register(transport.dial(a.host(), a.port(), peer.device(), null), false);
              } catch (IOException | RuntimeException e) {
                sessions.failed(s, e.getMessage());
              } finally {
                s.dialing(false);
              }
            });
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      for (PeerRecord p : book.all()) {
        DeviceId device = p.device();
        PeerStatus s = sessions.status(device);
        SyncSession session = sessions.get(device);
        if (session == null) {
          if (p.address() != null && s.mayDial(now) && !access.revoked(device)) {
            dial(p);
          }
          continue;
        }
        long nowNanos = System.nanoTime();
        if (nowNanos - session.lastHeardNanos() > 3 * config.pingEvery().toNanos()) {
          session.connection().close("no answer to pings");
          continue;
        }
        if (s.pingDue(nowNanos, config.pingEvery())) {
          session.ping();
        }
        if (follow.get().outdates(session.connection().ownFollow(), now)) {
          sessions.refollow(device, session);
          continue;
        }
        if (session.connection().outbound()
            && sessions.mayShareKnowledge(session)
            && s.exchangeDue(now, config.antiEntropy())
            && session.startExchange()) {
          s.exchanged(now);
        }
      }
      sessions.dropUntrusted();
    } catch (RuntimeException e) {
      LOG.warn("event=peer-tick-failed error=\"{}\"", e.toString());
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // refused anyway
    }
  }

  void close() {
    closed = true;
    ticker.shutdownNow();
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // Closing the listening socket cannot fail in a way we could act on.
    }
  }
}
