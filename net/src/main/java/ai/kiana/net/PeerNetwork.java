package ai.kiana.net;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.discover.LanPeers;
import ai.kiana.net.discover.Nearby;
import ai.kiana.net.ledger.LedgerEndpoint;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.pairing.PairingCode;
import ai.kiana.net.pairing.PairingFlow;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerView;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.sync.BlockAdmission;
import ai.kiana.net.sync.BlockIndex;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.net.sync.SyncSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's place in its device network: accepts and dials authenticated connections, keeps one
 * {@link SyncSession} per connected peer, pushes new local blocks at once, runs anti-entropy, pings
 * for health and redials lost peers with backoff. Built and closed by the composition root.
 *
 * <p>The facade over the pieces that do it: {@link PeerAccess} (who may connect and do what),
 * {@link PeerSessions} (the connection registry), {@link PeerConnector} (accepting, dialling,
 * health), {@link PairingFlow} and {@link LanPeers}.
 */
public final class PeerNetwork implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);

  private final NetConfig config;
  private final NodeIdentity identity;
  private final PeerBook book;
  private final BlockIndex index;
  private final SyncSession.Host host;
  private final AtomicReference<FollowPolicy> follow;
  private final PeerAccess access;
  private final PeerSessions sessions;
  private final PairingFlow pairing;
  private final PeerConnector connector;
  private final LanPeers lan;
  private final ScheduledExecutorService ticker;

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
    this.access = new PeerAccess(identity.deviceId(), book, revoked, knownDevices);
    this.index = BlockIndex.load(store);
    this.host =
        new SyncSession.Host(
            store,
            knowledge,
            index,
            new BlockAdmission(verifier, access::mayAuthor, authorMayWrite),
            clock,
            identity.deviceId(),
            access::ownBlocksOnly);
    this.follow = new AtomicReference<>(config.follow());
    Transport transport =
        new Transport(
            identity, new Trust(), config.name(), () -> follow.get().filterAt(clock.instant()));
    this.sessions = new PeerSessions(identity.deviceId(), host, book, access, follow, clock);
    this.pairing =
        new PairingFlow(
            identity.deviceId(),
            clock,
            transport,
            book,
            revoked,
            access::ledger,
            sessions::register,
            this::forget);
    knowledge.addListener(index);
    knowledge.addListener(sessions::announce);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiana-peers");
              t.setDaemon(true);
              return t;
            });
    this.connector =
        new PeerConnector(config, transport, book, sessions, access, follow, clock, ticker);
    this.lan =
        new LanPeers(
            book,
            clock,
            sessions::connected,
            d -> sessions.status(d).retryNow(),
            d -> !d.equals(identity.deviceId()) && access.trusted(d));
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
    LedgerLink link =
        new LedgerLink(
            endpoint,
            d -> {
              SyncSession s = sessions.get(d);
              return s == null ? null : s.connection();
            },
            () -> sessions.all().stream().map(SyncSession::connection).toList(),
            allowed,
            book::remove);
    access.attach(link, allowed);
    return link;
  }

  /** The ledger's link over this network's connections, or null if none is attached. */
  public LedgerLink ledgerLink() {
    return access.ledger();
  }

  /** The checks every received block passes before it is stored. */
  public BlockAdmission admission() {
    return host.admission();
  }

  /** What the TLS handshake asks: trust and pairing, answered by {@link PeerAccess} and pairing. */
  private final class Trust implements DeviceTrust {
    @Override
    public boolean isTrusted(DeviceId device) {
      return access.trusted(device);
    }

    @Override
    public boolean pairingOpen() {
      return pairing.isOpen();
    }

    @Override
    public DeviceId deviceFor(byte[] publicKey) {
      return access.keyOwner(publicKey);
    }

    @Override
    public boolean redeemPairing(DeviceId device, String secret, String name, String address) {
      return pairing.redeem(device, secret, name, address);
    }
  }

  /**
   * Binds the sync port and starts dialling known peers.
   *
   * @throws IOException if the port cannot be bound
   */
  public void start() throws IOException {
    connector.start();
    if (config.discovery()) {
      lan.start(connector.boundAddress(), identity.deviceId(), port());
      // A device heard of before it joined the ledger (mDNS reports it only once) is dialled once
      // the ledger admits it.
      ticker.scheduleWithFixedDelay(lan::promoteMembers, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Nodes heard of on the LAN that are not peers. */
  public List<Nearby> nearby() {
    return lan.nearby();
  }

  public int port() {
    return connector.port();
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
    return access.trusted(device);
  }

  /** Runs {@code extension}'s messages over every connection from now on; call before start. */
  public void addExtension(PeerExtension extension) {
    sessions.addExtension(extension);
  }

  /** Adds (or updates) a trusted peer; dialled at once if it has an address. */
  public void addPeer(PeerRecord record) {
    book.put(record);
    sessions.status(record.device()).retryNow();
  }

  /** Opens a pairing window and returns the code another device redeems with {@link #pair}. */
  public PairingCode offerPairing(Duration ttl, List<String> addresses) {
    return pairing.offer(ttl, addresses);
  }

  /**
   * Pairs with the device that showed {@code code}: dials it with the secret and, once admitted,
   * records it as a peer.
   *
   * @throws PairingException if the code is expired, refused or no address answers
   */
  public PeerRecord pair(PairingCode code) {
    return pairing.pair(code);
  }

  public List<PeerView> peers() {
    return sessions.views();
  }

  /** Whether a peer is connected now. */
  public boolean connected(DeviceId peer) {
    return sessions.connected(peer);
  }

  /** What this node follows now (selective sync). */
  public FollowPolicy following() {
    return follow.get();
  }

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
    sessions.refollowAll();
  }

  /** Starts a reconciliation with every connected peer this node dialled (the API's "sync now"). */
  public void syncNow() {
    sessions.syncNow();
  }

  /**
   * Knowledge sync is allowed again (the node resumed): reconciles with every peer at once. Only
   * the dialling side may start a reconciliation, so connections the peers dialled are closed after
   * a moment (the ledger frames queued on them flushed first) and come back as fresh dials.
   */
  public void knowledgeResumed() {
    sessions.reconcileAll(ticker);
  }

  /**
   * Forgets a peer: removes it from the peer list and closes its connection, atomically with
   * respect to connections being registered, so no exchange with it starts afterwards.
   *
   * @return whether it was a peer
   */
  public boolean forget(DeviceId device) {
    return sessions.forget(device);
  }

  /**
   * Closes the connection to {@code device}, if any, telling it why; whether it may reconnect is up
   * to the trust predicates (a revoked device may not).
   */
  public void disconnect(DeviceId device, String reason) {
    sessions.disconnect(device, reason);
  }

  /**
   * Refuses sync connections from and to addresses {@code allowed} rejects (the host part, e.g.
   * {@code 192.168.1.20}); checked before any handshake. Existing connections are judged by {@link
   * #dropRefused}.
   */
  public void addressPolicy(Predicate<String> allowed) {
    access.addressPolicy(allowed);
  }

  /**
   * Names the devices (this one or peers) that sync only the blocks they wrote, e.g. sensors, which
   * may write but not read: a connection with one carries nothing else, in either direction. Judged
   * when a connection starts; after a change, {@link #disconnect} the devices concerned.
   */
  public void ownBlocksOnly(Predicate<DeviceId> devices) {
    access.ownBlocksOnly(devices);
  }

  /**
   * Which device holds a key a peer's certificate carries (by default the one whose ID is its
   * hash); the node answers from its ledger, so a device that rotated its key keeps its identity
   * and a key it rotated away from is refused.
   */
  public void keyOwners(Function<byte[], DeviceId> owners) {
    access.keyOwners(owners);
  }

  /**
   * Closes every connection to a device that is now refused (the {@code revoked} predicate) or
   * whose address is; the trust checks keep them from coming back.
   *
   * @return the devices disconnected
   */
  public List<DeviceId> dropRefused(String reason) {
    return sessions.dropRefused(reason);
  }

  /** Drops every connection at once, as a crash would, without goodbyes. For tests of crashes. */
  public void abortConnections() {
    sessions.abort();
  }

  @Override
  public void close() {
    sessions.stopping();
    connector.close();
    lan.close();
    sessions.close();
  }
}
