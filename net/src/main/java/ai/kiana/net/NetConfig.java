package ai.kiana.net;

import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.peers.PeerAddress;
import ai.kiana.net.sync.FollowPolicy;
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
 * @param follow what this node follows (selective sync); changeable at run time through {@link
 *     PeerNetwork#follow}
 * @param discovery whether to announce and look for nodes on the LAN (mDNS)
 */
public record NetConfig(
    String host,
    int port,
    String name,
    Path peersFile,
    List<StaticPeer> staticPeers,
    FollowPolicy follow,
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
        FollowPolicy.ALL,
        DEFAULT_ANTI_ENTROPY,
        DEFAULT_PING_EVERY,
        false);
  }

  public NetConfig withTimings(Duration antiEntropy, Duration pingEvery) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, follow, antiEntropy, pingEvery, discovery);
  }

  public NetConfig withStaticPeers(List<StaticPeer> peers) {
    return new NetConfig(
        host, port, name, peersFile, peers, follow, antiEntropy, pingEvery, discovery);
  }

  public NetConfig withScopes(Set<Scope> scopes) {
    return withFollow(
        new FollowPolicy(
            scopes.isEmpty() ? EnumSet.allOf(Scope.class) : scopes, follow.tags(), follow.since()));
  }

  public NetConfig withFollow(FollowPolicy policy) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, policy, antiEntropy, pingEvery, discovery);
  }

  /** The scopes this node follows. */
  public Set<Scope> scopes() {
    return follow.scopes();
  }

  public NetConfig withDiscovery(boolean on) {
    return new NetConfig(
        host, port, name, peersFile, staticPeers, follow, antiEntropy, pingEvery, on);
  }
}
