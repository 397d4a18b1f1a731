package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.engine.LedgerMessage.Blocks;
import ai.kiana.core.ledger.engine.LedgerMessage.GetBlocks;
import ai.kiana.core.ledger.engine.LedgerMessage.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LedgerEngine}'s catch-up with its peers: remembers each peer's latest {@link Status},
 * asks a peer with a better chain for its blocks ({@link GetBlocks}, each request at most once per
 * status interval), and serves such requests from the known blocks. Not thread-safe: only the
 * engine uses it, under its lock.
 */
final class ChainSync {

  private final DeviceId me;
  private final LedgerBus bus;
  private final LedgerEngineConfig config;
  private final ForkChoice forks;

  private final Map<DeviceId, PeerStatus> peers = new HashMap<>();
  private final Map<String, Long> requested = new HashMap<>();

  private record PeerStatus(Status status, long at) {}

  ChainSync(DeviceId me, LedgerBus bus, LedgerEngineConfig config, ForkChoice forks) {
    this.me = me;
    this.bus = bus;
    this.config = config;
    this.forks = forks;
  }

  /** This node's head as a {@link Status} message. */
  Status status() {
    LedgerState head = forks.headState();
    return new Status(head.hash(), head.height(), head.totalDifficulty());
  }

  /** Forgets requests older than a status interval, so they may be made again. */
  void expireRequests(long now) {
    requested.values().removeIf(at -> now - at >= config.statusIntervalMillis());
  }

  void onStatus(DeviceId from, Status status, long now) {
    peers.put(from, new PeerStatus(status, now));
    if (forks.contains(status.headHash())) {
      if (!status.headHash().equals(forks.head().hash())) {
        bus.send(me, from, status()); // it is behind or on a lighter fork: tell it ours
      }
      return;
    }
    if (betterThanHead(status)) {
      requestRange(from, status.height(), now);
    } else {
      bus.send(me, from, status());
    }
  }

  void serve(DeviceId from, GetBlocks request) {
    int max = Math.min(request.max(), config.syncBatch());
    List<LedgerBlock> blocks =
        request.byHash()
            ? forks.ancestors(request.fromHash(), max)
            : forks.chain(request.fromHeight(), max);
    if (!blocks.isEmpty()) {
      bus.send(me, from, new Blocks(blocks));
    }
  }

  /**
   * After a batch of {@link Blocks} from {@code from} was imported: if it moved the head (total
   * difficulty above {@code before}) but the peer's chain is still better, asks for the next range.
   */
  void afterBlocks(DeviceId from, long before, long now) {
    PeerStatus peer = peers.get(from);
    if (forks.headState().totalDifficulty() > before
        && peer != null
        && !forks.contains(peer.status.headHash())
        && betterThanHead(peer.status)) {
      requestRange(from, peer.status.height(), now);
    }
  }

  private boolean betterThanHead(Status status) {
    LedgerState head = forks.headState();
    return ForkChoice.better(
        status.totalDifficulty(),
        status.height(),
        status.headHash(),
        head.totalDifficulty(),
        head.height(),
        head.hash());
  }

  /** Asks {@code peer} for its chain from where ours may part from it. */
  void requestRange(DeviceId peer, long peerHeight, long now) {
    long from = Math.max(1, Math.min(forks.headState().height() + 1, peerHeight));
    if (firstRequest("range:" + peer.hex() + ":" + from, now)) {
      bus.send(me, peer, GetBlocks.range(from, config.syncBatch()));
    }
  }

  /** Whether the request under {@code key} was not made within the last status interval. */
  boolean firstRequest(String key, long now) {
    Long at = requested.get(key);
    if (at != null && now - at < config.statusIntervalMillis()) {
      return false;
    }
    requested.put(key, now);
    return true;
  }

  /** Whether a peer that reported recently has a better chain than ours. */
  boolean peerAhead(long now) {
    for (PeerStatus peer : peers.values()) {
      if (now - peer.at <= 2 * config.statusIntervalMillis()
          && !forks.contains(peer.status.headHash())
          && betterThanHead(peer.status)) {
        return true;
      }
    }
    return false;
  }
}
