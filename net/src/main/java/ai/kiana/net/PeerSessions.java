package ai.kiana.net;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.ledger.FrameGate;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerStatus;
import ai.kiana.net.peers.PeerView;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.net.sync.SyncSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection registry: one {@link SyncSession} per connected peer (the preferred one when both
 * dialled), each peer's {@link PeerStatus}, and the extensions that run over every connection.
 */
final class PeerSessions {

  private static final Logger LOG = LoggerFactory.getLogger(PeerSessions.class);
  static final String FOLLOW_CHANGED = "follow filter changed";
  private static final String REPLACED = "replaced by the preferred connection";

  private final DeviceId self;
  private final SyncSession.Host host;
  private final PeerBook book;
  private final PeerAccess access;
  private final AtomicReference<FollowPolicy> follow;
  private final Clock clock;
  private final Map<DeviceId, SyncSession> sessions = new ConcurrentHashMap<>();
  private final Map<DeviceId, PeerStatus> status = new ConcurrentHashMap<>();
  private final List<PeerExtension> extensions = new CopyOnWriteArrayList<>();
  private final Random random = new Random();
  private volatile boolean closed;

  PeerSessions(
      DeviceId self,
      SyncSession.Host host,
      PeerBook book,
      PeerAccess access,
      AtomicReference<FollowPolicy> follow,
      Clock clock) {
    this.self = self;
    this.host = host;
    this.book = book;
    this.access = access;
    this.follow = follow;
    this.clock = clock;
  }

  PeerStatus status(DeviceId d) {
    return status.computeIfAbsent(d, x -> new PeerStatus());
  }

  void addExtension(PeerExtension extension) {
    extensions.add(extension);
  }

  /** The peer's session, or null while it is not connected. */
  SyncSession get(DeviceId peer) {
    return sessions.get(peer);
  }

  Collection<SyncSession> all() {
    return sessions.values();
  }

  boolean connected(DeviceId peer) {
    SyncSession s = sessions.get(peer);
    return s != null && s.connection().isOpen();
  }

  boolean closed() {
    return closed;
  }

  /** A dial failed or a connection was lost: the peer is dialled again after its backoff. */
  void failed(PeerStatus s, String error) {
    s.failed(error, clock.instant(), random);
  }

  /**
   * Keeps one connection per peer: when both dialled, the one dialled by the lower ID wins.
   *
   * @param joining whether this device pairs and is about to join the peer's ledger
   */
  void register(Connection c, boolean joining) {
    DeviceId peer = c.peer();
    PeerStatus s = status(peer);
    SyncSession session = new SyncSession(c, host, s.counters(), x -> s.exchanged(clock.instant()));
    LedgerLink link = access.ledger();
    session.hook(new FrameGate(c, link, access.permissions()));
    synchronized (sessions) {
      // A dial that started before the peer was forgotten or revoked must not bring it back.
      if (!access.trusted(peer)) {
        c.close("device is no longer trusted");
        return;
      }
      // A dial or accept that finished while the node was stopping must not outlive it.
      if (closed) {
        c.close("node stopping");
        return;
      }
      // A dial that started before the follow filter changed carries the old one in its hello.
      if (follow.get().outdates(c.ownFollow(), clock.instant())) {
        c.close(FOLLOW_CHANGED);
        return;
      }
      SyncSession existing = sessions.get(peer);
      if (existing != null && existing.connection().isOpen()) {
        DeviceId dialler = c.outbound() ? self : peer;
        DeviceId lower = self.compareTo(peer) < 0 ? self : peer;
        if (!dialler.equals(lower)) {
          c.close("already connected");
          return;
        }
        existing.connection().close(REPLACED);
      }
      sessions.put(peer, session);
      session.others(
          f -> {
            if (extensions.isEmpty()) {
              throw new ProtocolException("unexpected " + f.type());
            }
            extensions.forEach(x -> x.received(c, f));
          });
    }
    if (link != null && !joining) {
      link.connected(c);
    }
    for (PeerExtension x : extensions) {
      try {
        x.connected(c);
      } catch (RuntimeException e) {
        // Block sync goes on without it; the extension catches up on the next connection.
        LOG.warn(
            "event=peer-extension-failed device={} error=\"{}\"", peer.shortForm(), e.toString());
      }
    }
    s.connected();
    LOG.info(
        "event=peer-connected device={} direction={}",
        peer.shortForm(),
        c.outbound() ? "outbound" : "inbound");
    Thread.ofVirtual().name("kiana-sync-" + peer.shortForm()).start(() -> run(session, s));
  }

  private void run(SyncSession session, PeerStatus s) {
    Connection c = session.connection();
    DeviceId peer = c.peer();
    if (c.outbound()) {
      session.startExchange();
    }
    session.run();
    sessions.remove(peer, session);
    if (!closed) {
      s.lastError(c.closeReason());
      if (!c.closeReason().equals(REPLACED) && !c.closeReason().equals(FOLLOW_CHANGED)) {
        failed(s, c.closeReason());
      }
    }
    LOG.info("event=peer-disconnected device={} reason=\"{}\"", peer.shortForm(), c.closeReason());
    // After the peer's state is final, so observers of it never see a half-closed peer.
    extensions.forEach(x -> x.disconnected(c));
  }

  void announce(List<KnowledgeBlock> blocks) {
    for (SyncSession s : sessions.values()) {
      if (mayShareKnowledge(s)) {
        s.announce(blocks);
      }
    }
  }

  boolean mayShareKnowledge(SyncSession s) {
    return access.allowed(s.connection().peer(), PeerPermission.KNOWLEDGE_SYNC);
  }

  /** Closes a connection whose hello announced an outdated filter; it is redialled at once. */
  void refollow(DeviceId peer, SyncSession session) {
    session.connection().close(FOLLOW_CHANGED);
    status(peer).retryNow();
  }

  void refollowAll() {
    sessions.forEach(this::refollow);
  }

  /** Starts a reconciliation with every connected peer this node dialled. */
  void syncNow() {
    sessions.values().stream()
        .filter(s -> s.connection().outbound() && mayShareKnowledge(s))
        .forEach(SyncSession::startExchange);
  }

  /**
   * Reconciles with every peer at once. Only the dialling side may start a reconciliation, so
   * connections the peers dialled are closed after a moment (the ledger frames queued on them
   * flushed first) and come back as fresh dials.
   */
  void reconcileAll(ScheduledExecutorService scheduler) {
    for (SyncSession s : sessions.values()) {
      if (s.connection().outbound()) {
        s.startExchange();
      } else {
        Connection c = s.connection();
        status(c.peer()).redialAtOnce();
        scheduler.schedule(
            () -> c.close("resumed: reconnect to reconcile"), 500, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Removes a peer and closes its connection, atomically with respect to {@link #register}. */
  boolean forget(DeviceId device) {
    synchronized (sessions) {
      boolean known = book.remove(device);
      disconnect(device, "forgotten by this device");
      return known;
    }
  }

  void disconnect(DeviceId device, String reason) {
    SyncSession session = sessions.get(device);
    if (session != null) {
      session.connection().close(reason);
    }
  }

  /** Closes every connection {@link PeerAccess#refused} now refuses. */
  List<DeviceId> dropRefused(String reason) {
    List<DeviceId> dropped = new ArrayList<>();
    for (SyncSession session : sessions.values()) {
      Connection c = session.connection();
      if (access.refused(c)) {
        c.close(reason);
        dropped.add(c.peer());
      }
    }
    return dropped;
  }

  /** Closes connections to devices no longer trusted (forgotten or revoked meanwhile). */
  void dropUntrusted() {
    for (Map.Entry<DeviceId, SyncSession> e : sessions.entrySet()) {
      if (!access.trusted(e.getKey())) {
        e.getValue().connection().close("device is no longer trusted");
      }
    }
  }

  List<PeerView> views() {
    List<PeerView> out = new ArrayList<>();
    for (PeerRecord p : book.all()) {
      SyncSession session = sessions.get(p.device());
      boolean up = session != null && session.connection().isOpen();
      out.add(status(p.device()).view(p, up ? session.connection() : null));
    }
    return out;
  }

  void abort() {
    sessions.values().forEach(s -> s.connection().abort());
  }

  /** From now on no connection is registered; call first when the node stops. */
  void stopping() {
    closed = true;
  }

  void close() {
    closed = true;
    sessions.values().forEach(s -> s.connection().close("node stopping"));
    sessions.clear();
  }
}
