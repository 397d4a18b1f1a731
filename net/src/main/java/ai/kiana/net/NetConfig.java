package ai.kiana.net;

import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.peers.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the sync network.
 *
 * @param host where to accept peer connections
 * @param port the sync port (0 picks a free one)
 * @param name this device's name as peers see it
 * @param peersFile where the peer list lives (null: memory only)
 * @param staticPeers peers from the configuration, always trusted and dialled
 * @param scopes the scopes this node follows (selective sync)
 * @param discovery whether to announce and look for nodes on the LAN (mDNS)
 */
public record NetConfig(
    String host,
    int port,
    String name,
    Path peersFile,
    List<StaticPeer> staticPeers,
    Set<Scope> scopes,
    Duration antiEntropy,
    Duration pingEvery,
    boolean discovery) {

  public static final int DEFAULT_PORT = 8471;
  public static final Duration DEFAULT_ANTI_ENTROPY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_PING_EVERY = Duration.ofSeconds(5);

  /** {@code <device ID>@host:port}. */
  public record StaticPeer(DeviceId device, PeerAddress address) {
    /**
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StaticPeer parse(String text) {
      int at = text.indexOf('@');
      if (at < 1) {
        throw new IllegalArgumentException(
            "a static peer is <device ID>@host:port, not '" + text + "'");
      }
      return new StaticPeer(
          DeviceId.parse(text.substring(0, at)), PeerAddress.parse(text.substring(at + 1)));
    }
  }

  public NetConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("sync.port must be 0-65535, not " + port);
    }
    staticPeers = List.copyOf(staticPeers);
    scopes = scopes.isEmpty() ? EnumSet.allOf(Scope.class) : Set.copyOf(scopes);
    if (antiEntropy.isNegative() || antiEntropy.isZero() || pingEvery.isZero()) {
      throw new IllegalArgumentException("sync intervals must be positive");
    }
  }

  public static NetConfig defaults(String host, int port, String name, Path peersFile) {
    return new NetConfig(
        host,
        port,
        name,
        peersFile,
        List.of(),
        EnumSet.allOf(Scope.class),
        DEFAULT_ANTI_ENTROPY,
        DEFAULT_PING_EVERY,
        false);
  }

  public NetConfig withTimings(Duration antiEntropy, Duration pingEvery) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, scopes, antiEntropy, pingEvery, discovery);
  }

  public NetConfig withStaticPeers(List<StaticPeer> peers) {
    return new NetConfig(
        host, port, name, peersFile, peers, scopes, antiEntropy, pingEvery, discovery);
  }

  public NetConfig withScopes(Set<Scope> follow) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, follow, antiEntropy, pingEvery, discovery);
  }

  public NetConfig withDiscovery(boolean on) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, scopes, antiEntropy, pingEvery, on);
  }
}
