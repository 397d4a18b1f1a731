package ai.kiana.net;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.RefusedException;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.discover.LanDiscovery;
import ai.kiana.net.ledger.FrameGate;
import ai.kiana.net.ledger.LedgerEndpoint;
import ai.kiana.net.ledger.LedgerJoinException;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.pairing.PairingCode;
import ai.kiana.net.pairing.PairingWindow;
import ai.kiana.net.peers.Backoff;
import ai.kiana.net.peers.PeerAddress;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerView;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.sync.BlockAdmission;
import ai.kiana.net.sync.BlockIndex;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.net.sync.PeerCounters;
import ai.kiana.net.sync.SyncSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's place in its device network: accepts and dials authenticated connections, keeps one
 * {@link SyncSession} per connected peer, pushes new local blocks at once, runs anti-entropy, pings
 * for health and redials lost peers with backoff. Built and closed by the composition root.
 */
public final class PeerNetwork implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
  static final long TICK_MS = 100;

  private final NetConfig config;
  private final NodeIdentity identity;
  private final KnowledgeBase knowledge;
  private final PeerBook book;
  private final PairingWindow pairing;
  private final BlockIndex index;
  private final Transport transport;
  private final SyncSession.Host host;
  private final Clock clock;
  private final Predicate<DeviceId> revoked;
  private final AtomicReference<FollowPolicy> follow;
  private final Predicate<DeviceId> knownDevices;
  // The device ledger on the same connections (attachLedger), and what peers may do now.
  private volatile LedgerLink ledger;
  private volatile BiPredicate<DeviceId, PeerPermission> allowed = (d, p) -> true;
  private final Map<DeviceId, SyncSession> sessions = new ConcurrentHashMap<>();
  private final Map<DeviceId, Status> status = new ConcurrentHashMap<>();
  private final Random random = new Random();
  private final ScheduledExecutorService ticker;
  private final Map<DeviceId, Nearby> nearby = new ConcurrentHashMap<>();
  private final List<PeerExtension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Predicate<String> addressAllowed = a -> true;
  private volatile java.util.function.Function<byte[], DeviceId> keyOwners = DeviceId::ofPublicKey;
  private LanDiscovery discovery;
  private ServerSocket server;
  private volatile boolean closed;

  /** A node heard of on the LAN that is not (yet) a peer: a candidate for pairing. */
  public record Nearby(DeviceId device, String address, Instant seen) {}

  /** Per-peer bookkeeping that outlives connections. */
  private static final class Status {
    final PeerCounters counters = new PeerCounters();
    volatile int failures;
    volatile Instant nextAttempt = Instant.EPOCH;
    volatile boolean dialing;
    volatile String lastError;
    volatile long lastPingNanos;
    volatile Instant lastExchange = Instant.EPOCH;
    volatile boolean redialAtOnce; // closed on purpose (knowledgeResumed): no backoff
  }

  /**
   * @param revoked devices the ledger has revoked: never admitted, their blocks not accepted
   * @param knownDevices further devices whose blocks are accepted (e.g. the ledger's devices)
   */
  public PeerNetwork(
      NetConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      BlockVerifier verifier,
      Predicate<DeviceId> revoked,
      Predicate<DeviceId> knownDevices,
      Clock clock) {
    this(config, identity, store, knowledge, verifier, revoked, knownDevices, b -> true, clock);
  }

  /**
   * @param authorMayWrite whether a received block's author may write its scope (see {@link
   *     BlockAdmission})
   */
  public PeerNetwork(
      NetConfig config,
      NodeIdentity identity,
      BlockStore store,
      KnowledgeBase knowledge,
      BlockVerifier verifier,
      Predicate<DeviceId> revoked,
      Predicate<DeviceId> knownDevices,
      Predicate<KnowledgeBlock> authorMayWrite,
      Clock clock) {
    this.config = config;
    this.identity = identity;
    this.knowledge = knowledge;
    this.clock = clock;
    this.revoked = revoked;
    this.knownDevices = knownDevices;
    this.book =
        config.peersFile() == null ? PeerBook.inMemory() : PeerBook.open(config.peersFile());
    for (NetConfig.StaticPeer p : config.staticPeers()) {
      PeerRecord old = book.get(p.device()).orElse(null);
      if (old == null || !p.address().toString().equals(old.address())) {
        book.put(
            new PeerRecord(
                p.device(),
                old == null ? "" : old.name(),
                p.address().toString(),
                "config",
                clock.instant()));
      }
    }
    this.pairing = new PairingWindow(clock);
    this.index = BlockIndex.load(store);
    this.host =
        new SyncSession.Host(
            store,
            knowledge,
            index,
            new BlockAdmission(verifier, this::mayAuthor, authorMayWrite),
            clock,
            identity.deviceId());
    this.follow = new AtomicReference<>(config.follow());
    this.transport =
        new Transport(
            identity, new Trust(), config.name(), () -> follow.get().filterAt(clock.instant()));
    knowledge.addListener(index);
    knowledge.addListener(this::announce);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiana-peers");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A block's author is known (this device, a peer, or a ledger member) and was not revoked when it
   * made the block: blocks signed before a revocation stay valid.
   */
  private boolean mayAuthor(KnowledgeBlock block) {
    DeviceId d = block.author();
    if (revoked.test(d)) {
      LedgerLink l = ledger;
      return l != null && l.madeBeforeRevocation(block);
    }
    return d.equals(identity.deviceId()) || book.contains(d) || knownDevices.test(d);
  }

  /**
   * Carries the device ledger over this network's connections and decides per peer and {@link
   * PeerPermission} what this node acts on (the node maps them onto roles and the kill switch).
   * Call before {@link #start}.
   *
   * @return the ledger engine's bus over the peer connections
   */
  public LedgerLink attachLedger(
      LedgerEndpoint endpoint, BiPredicate<DeviceId, PeerPermission> allowed) {
    this.allowed = allowed;
    LedgerLink link =
        new LedgerLink(
            endpoint,
            d -> {
              SyncSession s = sessions.get(d);
              return s == null ? null : s.connection();
            },
            () -> sessions.values().stream().map(SyncSession::connection).toList(),
            allowed,
            book::remove);
    this.ledger = link;
    return link;
  }

  /** The ledger's link over this network's connections, or null if none is attached. */
  public LedgerLink ledgerLink() {
    return ledger;
  }

  /** The checks every received block passes before it is stored. */
  public BlockAdmission admission() {
    return host.admission();
  }

  private final class Trust implements DeviceTrust {
    @Override
    public boolean isTrusted(DeviceId device) {
      return trusted(device);
    }

    @Override
    public boolean pairingOpen() {
      return pairing.isOpen();
    }

    @Override
    public DeviceId deviceFor(byte[] publicKey) {
      return keyOwners.apply(publicKey);
    }

    @Override
    public boolean redeemPairing(DeviceId device, String secret, String name, String address) {
      if (revoked.test(device) || !pairing.redeem(secret)) {
        return false;
      }
      book.put(new PeerRecord(device, name, address, "paired", clock.instant()));
      LedgerLink l = ledger;
      if (l != null) {
        l.paired(device);
      }
      LOG.info("event=paired device={} name={} address={}", device.shortForm(), name, address);
      return true;
    }
  }

  /**
   * Binds the sync port and starts dialling known peers.
   *
   * @throws IOException if the port cannot be bound
   */
  public void start() throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
    transport.listenPort(server.getLocalPort());
    Thread.ofVirtual().name("kiana-sync-accept").start(this::acceptLoop);
    ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    LOG.info("event=sync-listening port={}", server.getLocalPort());
    if (config.discovery()) {
      try {
        discovery =
            LanDiscovery.start(
                discoveryAddress(server.getInetAddress()),
                identity.deviceId(),
                port(),
                this::discovered);
      } catch (IOException e) {
        // The node still syncs with peers it knows addresses of; say why the LAN stays quiet.
        LOG.warn("event=mdns-unavailable error=\"{}\"", e.getMessage());
      }
    }
  }

  /** The interface to announce on: the bound one, or for a wildcard bind a LAN address. */
  private static InetAddress discoveryAddress(InetAddress bound) throws IOException {
    if (!bound.isAnyLocalAddress()) {
      return bound;
    }
    for (var ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()) {
        for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            return a;
          }
        }
      }
    }
    return InetAddress.getLoopbackAddress();
  }

  /** mDNS found a node: a known peer gets its new address and is dialled at once. */
  void discovered(DeviceId device, String address) {
    if (closed) {
      return;
    }
    PeerRecord known = book.get(device).orElse(null);
    if (known == null) {
      nearby.put(device, new Nearby(device, address, clock.instant()));
      return;
    }
    if (!address.equals(known.address()) && !connected(device)) {
      book.put(known.withAddress(address));
      Status s = status(device);
      s.nextAttempt = Instant.EPOCH;
      s.failures = 0;
      LOG.info("event=peer-discovered device={} address={}", device.shortForm(), address);
    }
  }

  /** Nodes heard of on the LAN that are not peers. */
  public List<Nearby> nearby() {
    return nearby.values().stream()
        .filter(n -> !book.contains(n.device()))
        .sorted((x, y) -> x.device().compareTo(y.device()))
        .toList();
  }

  public int port() {
    return server.getLocalPort();
  }

  public DeviceId deviceId() {
    return identity.deviceId();
  }

  public PeerBook peerBook() {
    return book;
  }

  public BlockIndex index() {
    return index;
  }

  /**
   * Whether {@code device} speaks for this user here: this device, a peer, or a device the ledger
   * knows, and not revoked. The same test received blocks' authors pass.
   */
  public boolean trusted(DeviceId device) {
    return !revoked.test(device)
        && (device.equals(identity.deviceId())
            || book.contains(device)
            || knownDevices.test(device));
  }

  /** Runs {@code extension}'s messages over every connection from now on; call before start. */
  public void addExtension(PeerExtension extension) {
    extensions.add(extension);
  }

  /** Adds (or updates) a trusted peer; dialled at once if it has an address. */
  public void addPeer(PeerRecord record) {
    book.put(record);
    Status s = status(record.device());
    s.failures = 0;
    s.nextAttempt = Instant.EPOCH;
  }

  private Status status(DeviceId d) {
    return status.computeIfAbsent(d, x -> new Status());
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
      if (!addressAllowed.test(from)) {
        LOG.info("event=sync-inbound-refused reason=\"address {} is refused\"", from);
        closeQuietly(raw);
        continue;
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Transport.Accepted a = transport.accept(raw);
                  Connection c = a.connection();
                  if (c.peerListenPort() > 0) {
                    String addr = raw.getInetAddress().getHostAddress() + ":" + c.peerListenPort();
                    book.get(c.peer())
                        .filter(r -> r.address() == null)
                        .ifPresent(r -> book.put(r.withAddress(addr)));
                    if (!book.contains(c.peer())) {
                      // A ledger member this node had no address of: dial it back after a loss.
                      book.put(
                          new PeerRecord(c.peer(), c.peerName(), addr, "ledger", clock.instant()));
                    }
                  }
                  register(c, false);
                } catch (IOException | RuntimeException e) {
                  LOG.info("event=sync-inbound-refused reason=\"{}\"", e.getMessage());
                }
              });
    }
  }

  private void dial(PeerRecord peer) {
    Status s = status(peer.device());
    s.dialing = true;
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                PeerAddress a = PeerAddress.parse(peer.address());
                if (!addressAllowed.test(a.host())) {
                  throw new IOException("address " + a.host() + " is refused");
                }
                register(transport.dial(a.host(), a.port(), peer.device(), null), false);
              } catch (IOException | RuntimeException e) {
                failed(s, e.getMessage());
              } finally {
                s.dialing = false;
              }
            });
  }

  private void failed(Status s, String error) {
    s.lastError = error;
    if (s.redialAtOnce) {
      s.redialAtOnce = false;
      s.nextAttempt = Instant.EPOCH;
      return;
    }
    s.nextAttempt = clock.instant().plus(Backoff.delay(s.failures, random));
    s.failures++;
  }

  /**
   * Keeps one connection per peer: when both dialled, the one dialled by the lower ID wins.
   *
   * @param joining whether this device pairs and is about to join the peer's ledger
   */
  private void register(Connection c, boolean joining) {
    DeviceId peer = c.peer();
    Status s = status(peer);
    SyncSession session =
        new SyncSession(c, host, s.counters, x -> s.lastExchange = clock.instant());
    LedgerLink link = ledger;
    session.hook(new FrameGate(c, link, allowed));
    synchronized (sessions) {
      // A dial that started before the peer was forgotten or revoked must not bring it back.
      if (!trusted(peer)) {
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
        DeviceId dialler = c.outbound() ? identity.deviceId() : peer;
        DeviceId lower = identity.deviceId().compareTo(peer) < 0 ? identity.deviceId() : peer;
        if (!dialler.equals(lower)) {
          c.close("already connected");
          return;
        }
        existing.connection().close("replaced by the preferred connection");
      }
      sessions.put(peer, session);
      session.others(
          f -> {
            if (extensions.isEmpty()) {
              throw new ai.kiana.net.protocol.ProtocolException("unexpected " + f.type());
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
    s.failures = 0;
    s.lastError = null;
    LOG.info(
        "event=peer-connected device={} direction={}",
        peer.shortForm(),
        c.outbound() ? "outbound" : "inbound");
    Thread.ofVirtual()
        .name("kiana-sync-" + peer.shortForm())
        .start(
            () -> {
              if (c.outbound()) {
                session.startExchange();
              }
              session.run();
              sessions.remove(peer, session);
              if (!closed) {
                s.lastError = c.closeReason();
                if (!c.closeReason().equals("replaced by the preferred connection")
                    && !c.closeReason().equals(FOLLOW_CHANGED)) {
                  failed(s, c.closeReason());
                }
              }
              LOG.info(
                  "event=peer-disconnected device={} reason=\"{}\"",
                  peer.shortForm(),
                  c.closeReason());
              // After the peer's state is final, so observers of it never see a half-closed peer.
              extensions.forEach(x -> x.disconnected(c));
            });
  }

  private void announce(List<KnowledgeBlock> blocks) {
    for (SyncSession s : sessions.values()) {
      if (mayShareKnowledge(s)) {
        s.announce(blocks);
      }
    }
  }

  private boolean mayShareKnowledge(SyncSession s) {
    return allowed.test(s.connection().peer(), PeerPermission.KNOWLEDGE_SYNC);
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      for (PeerRecord p : book.all()) {
        Status s = status(p.device());
        SyncSession session = sessions.get(p.device());
        if (session == null) {
          if (p.address() != null
              && !s.dialing
              && !now.isBefore(s.nextAttempt)
              && !revoked.test(p.device())) {
            dial(p);
          }
          continue;
        }
        long nowNanos = System.nanoTime();
        if (nowNanos - session.lastHeardNanos() > 3 * config.pingEvery().toNanos()) {
          session.connection().close("no answer to pings");
          continue;
        }
        if (nowNanos - s.lastPingNanos > config.pingEvery().toNanos()) {
          s.lastPingNanos = nowNanos;
          session.ping();
        }
        if (follow.get().outdates(session.connection().ownFollow(), now)) {
          refollow(p.device(), session);
          continue;
        }
        if (session.connection().outbound()
            && mayShareKnowledge(session)
            && Duration.between(s.lastExchange, now).compareTo(config.antiEntropy()) > 0
            && session.startExchange()) {
          s.lastExchange = now;
        }
      }
      for (Map.Entry<DeviceId, SyncSession> e : sessions.entrySet()) {
        if (!trusted(e.getKey())) {
          e.getValue().connection().close("device is no longer trusted");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("event=peer-tick-failed error=\"{}\"", e.toString());
    }
  }

  /** Opens a pairing window and returns the code another device redeems with {@link #pair}. */
  public PairingCode offerPairing(Duration ttl, List<String> addresses) {
    PairingWindow.Offer offer = pairing.open(ttl);
    return new PairingCode(identity.deviceId(), addresses, offer.secret(), offer.expires());
  }

  /**
   * Pairs with the device that showed {@code code}: dials it with the secret and, once admitted,
   * records it as a peer.
   *
   * @throws PairingException if the code is expired, refused or no address answers
   */
  public PeerRecord pair(PairingCode code) {
    if (!code.expires().isAfter(clock.instant())) {
      throw new PairingException(
          PairingException.Kind.EXPIRED,
          "pairing code expired at " + code.expires() + "; ask for a new one");
    }
    if (code.device().equals(identity.deviceId())) {
      throw new PairingException(
          PairingException.Kind.OWN_CODE, "that is this device's own pairing code");
    }
    List<String> errors = new ArrayList<>();
    for (String address : code.addresses()) {
      PeerAddress a = PeerAddress.parse(address);
      try {
        Connection c = transport.dial(a.host(), a.port(), code.device(), code.secret());
        PeerRecord r =
            new PeerRecord(code.device(), c.peerName(), address, "paired", clock.instant());
        book.put(r);
        register(c, ledger != null);
        joinLedger(c);
        return r;
      } catch (RefusedException | JoinRefused e) {
        throw new PairingException(PairingException.Kind.REFUSED, e.getMessage());
      } catch (javax.net.ssl.SSLException e) {
        // The other device closes the handshake when no pairing window is open any more.
        throw new PairingException(
            PairingException.Kind.REFUSED,
            "refused by "
                + code.device().shortForm()
                + ": pairing code is wrong, expired or already used");
      } catch (IOException | RuntimeException e) {
        errors.add(address + ": " + e.getMessage());
      }
    }
    throw new PairingException(
        PairingException.Kind.UNREACHABLE,
        "no address of the pairing code answered (" + String.join("; ", errors) + ")");
  }

  /** After pairing: adopts the ledger of the device paired with, or undoes the pairing. */
  private void joinLedger(Connection c) {
    LedgerLink link = ledger;
    if (link == null) {
      return;
    }
    try {
      link.join(c, LedgerLink.DEFAULT_JOIN_TIMEOUT);
    } catch (LedgerJoinException e) {
      forget(c.peer());
      throw new JoinRefused(e.getMessage());
    }
  }

  /** Ends pairing at once (not "try the next address"): the device answered and said no. */
  private static final class JoinRefused extends RuntimeException {
    JoinRefused(String message) {
      super(message);
    }
  }

  public List<PeerView> peers() {
    List<PeerView> out = new ArrayList<>();
    for (PeerRecord p : book.all()) {
      Status s = status(p.device());
      SyncSession session = sessions.get(p.device());
      boolean up = session != null && session.connection().isOpen();
      long rtt = s.counters.rttNanos();
      out.add(
          new PeerView(
              p.device(),
              p.name(),
              p.address(),
              p.origin(),
              up ? "connected" : s.dialing ? "connecting" : "disconnected",
              up ? (session.connection().outbound() ? "tls-outbound" : "tls-inbound") : null,
              rtt < 0 ? -1 : rtt / 1e6,
              s.counters.lastSync(),
              s.counters.blocksIn.get(),
              s.counters.blocksOut.get(),
              s.counters.declined.get(),
              s.counters.offences.get(),
              s.lastError,
              up || p.address() == null ? null : s.nextAttempt));
    }
    return out;
  }

  /** Whether a peer is connected now. */
  public boolean connected(DeviceId peer) {
    SyncSession s = sessions.get(peer);
    return s != null && s.connection().isOpen();
  }

  /** What this node follows now (selective sync). */
  public FollowPolicy following() {
    return follow.get();
  }

  static final String FOLLOW_CHANGED = "follow filter changed";

  /**
   * Follows {@code policy} from now on. Each connection keeps the filter both hellos announced
   * (reconciliation needs both sides to agree on it), so every connection is closed and redialled
   * at once with the new hello; the next reconciliation then pulls what the wider filter admits.
   * Blocks already stored that the narrower filter leaves out stay: sync never deletes.
   */
  public void follow(FollowPolicy policy) {
    if (follow.getAndSet(policy).equals(policy)) {
      return;
    }
    LOG.info(
        "event=follow-changed scopes={} tags={} since={}",
        policy.scopes(),
        policy.tags(),
        policy.sinceText());
    sessions.forEach(this::refollow);
  }

  /** Closes a connection whose hello announced an outdated filter; it is redialled at once. */
  private void refollow(DeviceId peer, SyncSession session) {
    session.connection().close(FOLLOW_CHANGED);
    Status s = status(peer);
    s.failures = 0;
    s.nextAttempt = Instant.EPOCH;
  }

  /** Starts a reconciliation with every connected peer this node dialled (the API's "sync now"). */
  public void syncNow() {
    sessions.values().stream()
        .filter(s -> s.connection().outbound() && mayShareKnowledge(s))
        .forEach(SyncSession::startExchange);
  }

  /**
   * Knowledge sync is allowed again (the node resumed): reconciles with every peer at once. Only
   * the dialling side may start a reconciliation, so connections the peers dialled are closed after
   * a moment (the ledger frames queued on them flushed first) and come back as fresh dials.
   */
  public void knowledgeResumed() {
    for (SyncSession s : sessions.values()) {
      if (s.connection().outbound()) {
        s.startExchange();
      } else {
        Connection c = s.connection();
        status(c.peer()).redialAtOnce = true;
        ticker.schedule(
            () -> c.close("resumed: reconnect to reconcile"), 500, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * Forgets a peer: removes it from the peer list and closes its connection, atomically with
   * respect to connections being registered, so no exchange with it starts afterwards.
   *
   * @return whether it was a peer
   */
  public boolean forget(DeviceId device) {
    synchronized (sessions) {
      boolean known = book.remove(device);
      disconnect(device, "forgotten by this device");
      return known;
    }
  }

  /**
   * Closes the connection to {@code device}, if any, telling it why; whether it may reconnect is up
   * to the trust predicates (a revoked device may not).
   */
  public void disconnect(DeviceId device, String reason) {
    SyncSession session = sessions.get(device);
    if (session != null) {
      session.connection().close(reason);
    }
  }

  /**
   * Refuses sync connections from and to addresses {@code allowed} rejects (the host part, e.g.
   * {@code 192.168.1.20}); checked before any handshake. Existing connections are judged by {@link
   * #dropRefused}.
   */
  public void addressPolicy(Predicate<String> allowed) {
    this.addressAllowed = allowed;
  }

  /**
   * Which device holds a key a peer's certificate carries (by default the one whose ID is its
   * hash); the node answers from its ledger, so a device that rotated its key keeps its identity
   * and a key it rotated away from is refused.
   */
  public void keyOwners(java.util.function.Function<byte[], DeviceId> owners) {
    this.keyOwners = owners;
  }

  /**
   * Closes every connection to a device that is now refused (the {@code revoked} predicate) or
   * whose address is; the trust checks keep them from coming back.
   *
   * @return the devices disconnected
   */
  public List<DeviceId> dropRefused(String reason) {
    List<DeviceId> dropped = new ArrayList<>();
    for (SyncSession session : sessions.values()) {
      Connection c = session.connection();
      String address = c.remoteAddress();
      String host = address.substring(0, Math.max(0, address.lastIndexOf(':')));
      if (revoked.test(c.peer()) || !addressAllowed.test(host)) {
        c.close(reason);
        dropped.add(c.peer());
      }
    }
    return dropped;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // refused anyway
    }
  }

  /** Drops every connection at once, as a crash would, without goodbyes. For tests of crashes. */
  public void abortConnections() {
    sessions.values().forEach(s -> s.connection().abort());
  }

  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    if (discovery != null) {
      discovery.close();
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // Closing the listening socket cannot fail in a way we could act on.
    }
    sessions.values().forEach(s -> s.connection().close("node stopping"));
    sessions.clear();
  }
}
