package ai.kiana.net.sync;

import ai.kiana.core.block.BlockId;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.sync.reconcile.ItemKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The back-pressure of one session: which blocks wait to be asked for, which were asked for, and
 * how many batches are requested or not yet stored (at most {@link SyncSession#DEFAULT_IN_FLIGHT}).
 * Not thread-safe: its session calls it only while holding the session's lock, so that a window
 * change and what the session decides from it are one step.
 */
final class WantWindow {

  private final Connection conn;
  private final ArrayDeque<BlockId> wantQueue = new ArrayDeque<>();
  private final Set<BlockId> queuedOrRequested = new HashSet<>();
  private final Set<BlockId> requested = new HashSet<>();

  /** WANTs sent whose BLOCKS have not come yet. */
  private int outstanding;

  /** BLOCKS received and not yet verified and stored: they count against the window too. */
  private int processing;

  WantWindow(Connection conn) {
    this.conn = conn;
  }

  /** Queues the blocks not queued or asked for yet and asks for as many as the window allows. */
  void enqueue(List<ItemKey> keys) {
    for (ItemKey k : keys) {
      BlockId id = k.blockId();
      if (queuedOrRequested.add(id)) {
        wantQueue.add(id);
      }
    }
    pumpWants();
  }

  /**
   * A BLOCKS answer came: its batch moves from requested to being processed.
   *
   * @throws ProtocolException if no WANT is waiting for an answer
   */
  void blocksArrived() {
    if (outstanding == 0) {
      throw new ProtocolException("blocks that were not asked for");
    }
    outstanding--;
    processing++;
  }

  /** A received batch is verified and stored (or refused): the window opens by one. */
  void batchDone() {
    processing--;
    pumpWants();
  }

  boolean wasRequested(BlockId id) {
    return requested.contains(id);
  }

  /** Takes a delivered block off the requested set; false if it was not asked for. */
  boolean delivered(BlockId id) {
    return requested.remove(id);
  }

  /** A block asked for that this node does not follow after all: it may be asked for again. */
  void declined(BlockId id) {
    requested.remove(id);
    queuedOrRequested.remove(id);
  }

  /** Blocks now in the index: a HAVE or reconciliation may ask for them again. */
  void stored(List<BlockId> ids) {
    ids.forEach(queuedOrRequested::remove);
  }

  /** Whether every block asked for has arrived and nothing waits to be asked for. */
  boolean idle() {
    return outstanding + processing == 0 && wantQueue.isEmpty();
  }

  private void pumpWants() {
    while (outstanding + processing < SyncSession.DEFAULT_IN_FLIGHT
        && !wantQueue.isEmpty()
        && conn.isOpen()) {
      List<BlockId> batch = new ArrayList<>(SyncSession.DEFAULT_BATCH);
      while (batch.size() < SyncSession.DEFAULT_BATCH && !wantQueue.isEmpty()) {
        BlockId id = wantQueue.poll();
        requested.add(id);
        batch.add(id);
      }
      outstanding++;
      conn.send(Frame.of(MessageType.WANT, KeyCodec.encodeIds(batch)));
    }
    if (outstanding + processing == 0 && wantQueue.isEmpty()) {
      // Whatever was asked for and not delivered (the peer lost it?) may be asked for again later.
      queuedOrRequested.removeAll(requested);
      requested.clear();
    }
  }
}
