package ai.kiana.net.discover;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link LanDiscovery} hears, applied to the peer book: a known peer that moved gets its new
 * address and is dialled at once, and so is a device of the user's ledger heard of for the first
 * time (it needs no pairing); any other node is kept as {@link Nearby}, a pairing candidate.
 * Discovery only ever supplies addresses, never trust.
 */
public final class LanPeers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LanPeers.class);

  private final PeerBook book;
  private final Clock clock;
  private final Predicate<DeviceId> connected;
  private final Consumer<DeviceId> redial;
  private final Predicate<DeviceId> member;
  private final Map<DeviceId, Nearby> nearby = new ConcurrentHashMap<>();
  private volatile LanDiscovery discovery;
  private volatile boolean closed;

  /**
   * @param connected whether a peer is connected now (its address is then left as it is)
   * @param redial dials a peer at once, without waiting for its backoff
   * @param member whether a device may connect without pairing (an active member of the ledger)
   */
  public LanPeers(
      PeerBook book,
      Clock clock,
      Predicate<DeviceId> connected,
      Consumer<DeviceId> redial,
      Predicate<DeviceId> member) {
    this.book = book;
    this.clock = clock;
    this.connected = connected;
    this.redial = redial;
    this.member = member;
  }

  /**
   * Announces this node on the interface {@code bound} (for a wildcard bind a LAN address) and
   * listens for others. Without multicast the node still syncs with peers it knows addresses of, so
   * a failure is logged with its reason rather than thrown.
   */
  public void start(InetAddress bound, DeviceId self, int port) {
    try {
      discovery = LanDiscovery.start(discoveryAddress(bound), self, port, this::discovered);
    } catch (IOException e) {
      LOG.warn("event=mdns-unavailable error=\"{}\"", e.getMessage());
    }
  }

  /** The interface to announce on: the bound one, or for a wildcard bind a LAN address. */
  private static InetAddress discoveryAddress(InetAddress bound) throws IOException {
    if (!bound.isAnyLocalAddress()) {
      return bound;
    }
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address) {
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
    if (known == null && member.test(device)) {
      dialMember(device, address);
      return;
    }
    if (known == null) {
      nearby.put(device, new Nearby(device, address, clock.instant()));
      return;
    }
    if (!address.equals(known.address()) && !connected.test(device)) {
      book.put(known.withAddress(address));
      redial.accept(device);
      LOG.info("event=peer-discovered device={} address={}", device.shortForm(), address);
    }
  }

  /** Dials the nearby nodes that have become members of the ledger since they were heard of. */
  public void promoteMembers() {
    for (Nearby n : nearby.values()) {
      if (!closed && !book.contains(n.device()) && member.test(n.device())) {
        dialMember(n.device(), n.address());
      }
    }
  }

  private void dialMember(DeviceId device, String address) {
    book.put(new PeerRecord(device, "", address, "lan", clock.instant()));
    redial.accept(device);
    LOG.info("event=member-discovered device={} address={}", device.shortForm(), address);
  }

  /** Nodes heard of on the LAN that are not peers. */
  public List<Nearby> nearby() {
    return nearby.values().stream()
        .filter(n -> !book.contains(n.device()))
        .sorted((x, y) -> x.device().compareTo(y.device()))
        .toList();
  }

  @Override
  public void close() {
    closed = true;
    LanDiscovery d = discovery;
    if (d != null) {
      d.close();
    }
  }
}
