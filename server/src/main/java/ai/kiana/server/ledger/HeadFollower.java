package ai.kiana.server.ledger;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.engine.LedgerEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the head of the {@link LedgerService}'s chosen chain: completes the {@link
 * LedgerService.Submission#sealed()} futures of transactions once a block on that chain holds them,
 * and tells the head listeners about every new head. Apart from adding listeners (any thread), used
 * only on the ledger thread, or after it stopped ({@link #cancelAll}).
 */
final class HeadFollower {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);

  private final Map<String, List<CompletableFuture<LedgerBlock>>> waiting = new HashMap<>();
  private final List<Consumer<LedgerState>> headListeners = new CopyOnWriteArrayList<>();
  private LedgerBlock seenHead;

  HeadFollower(LedgerBlock head) {
    this.seenHead = head;
  }

  /** Completes {@code sealed} when transaction {@code txId} is on the chosen chain. */
  void await(String txId, CompletableFuture<LedgerBlock> sealed) {
    waiting.computeIfAbsent(txId, id -> new ArrayList<>()).add(sealed);
  }

  /** Cancels every future still waiting (the ledger was closed or replaced). */
  void cancelAll() {
    waiting.values().forEach(list -> list.forEach(f -> f.cancel(false)));
    waiting.clear();
  }

  void addListener(Consumer<LedgerState> listener) {
    headListeners.add(listener);
  }

  /** Completes the futures of transactions that the chosen chain now holds. */
  void settle(LedgerEngine engine) {
    LedgerBlock head = engine.head();
    if (head.hash().equals(seenHead.hash())) {
      return;
    }
    long from = Math.min(seenHead.height(), head.height()) + 1;
    seenHead = head;
    notifyHeadListeners(engine);
    if (waiting.isEmpty()) {
      return;
    }
    for (LedgerBlock block : engine.chain(from, Integer.MAX_VALUE)) {
      for (LedgerTx tx : block.txs()) {
        List<CompletableFuture<LedgerBlock>> futures = waiting.remove(tx.id());
        if (futures != null) {
          futures.forEach(f -> f.complete(block));
        }
      }
    }
  }

  private void notifyHeadListeners(LedgerEngine engine) {
    LedgerState state = engine.headState();
    for (Consumer<LedgerState> l : headListeners) {
      try {
        l.accept(state);
      } catch (RuntimeException e) {
        LOG.warn("ledger head listener failed: {}", e.getMessage(), e);
      }
    }
  }
}
