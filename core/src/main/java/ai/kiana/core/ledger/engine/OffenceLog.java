package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Offence}s a {@link LedgerEngine} has seen: a count per peer (kept for the node's
 * lifetime) and the latest few, oldest first. Not thread-safe: only the engine uses it, under its
 * lock.
 */
final class OffenceLog {

  // The engine's logger, so that logging settings for the engine still cover its offences.
  private static final Logger LOG = LoggerFactory.getLogger(LedgerEngine.class);
  private static final int MAX_OFFENCE_LOG = 256;

  private final Map<DeviceId, Integer> offenceCounts = new HashMap<>();
  private final Deque<Offence> offenceLog = new ArrayDeque<>();

  void record(Offence offence) {
    offenceCounts.merge(offence.by(), 1, Integer::sum);
    offenceLog.addLast(offence);
    if (offenceLog.size() > MAX_OFFENCE_LOG) {
      offenceLog.removeFirst();
    }
    LOG.info("ledger offence: {}", offence);
  }

  int count(DeviceId peer) {
    return offenceCounts.getOrDefault(peer, 0);
  }

  /** The latest offences (at most 256), oldest first. */
  List<Offence> latest() {
    return List.copyOf(offenceLog);
  }
}
