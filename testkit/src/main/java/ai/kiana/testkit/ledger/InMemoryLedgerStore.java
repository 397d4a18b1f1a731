package ai.kiana.testkit.ledger;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link LedgerStore} held in memory, faithful to the interface's contract ({@link
 * LedgerStoreContract}), for tests and the in-process ledger network. Thread-safe (one lock).
 * {@link #failNextWrite()} lets a test see what its code does when the store fails.
 */
public final class InMemoryLedgerStore implements LedgerStore {

  private final Map<String, LedgerBlock> byHash = new HashMap<>();
  private final TreeMap<Long, List<LedgerBlock>> byHeight = new TreeMap<>();
  private final AtomicBoolean failNextWrite = new AtomicBoolean();
  private String head;

  /** Makes the next {@link #put} or {@link #setHead} fail with a {@link StoreException}. */
  public void failNextWrite() {
    failNextWrite.set(true);
  }

  @Override
  public synchronized void put(LedgerBlock block, String newHead) {
    if (failNextWrite.getAndSet(false)) {
      throw new StoreException("simulated failure storing ledger block " + block.shortHash());
    }
    if (newHead != null && !newHead.equals(block.hash()) && !byHash.containsKey(newHead)) {
      throw new IllegalArgumentException("new head " + newHead + " is not a stored block");
    }
    if (byHash.putIfAbsent(block.hash(), block) == null) {
      byHeight.computeIfAbsent(block.height(), h -> new ArrayList<>()).add(block);
    }
    if (newHead != null) {
      head = newHead;
    }
  }

  @Override
  public synchronized void setHead(String hash) {
    if (failNextWrite.getAndSet(false)) {
      throw new StoreException("simulated failure setting the ledger head");
    }
    if (!byHash.containsKey(hash)) {
      throw new IllegalArgumentException("head " + hash + " is not a stored block");
    }
    head = hash;
  }

  @Override
  public synchronized Optional<String> head() {
    return Optional.ofNullable(head);
  }

  @Override
  public synchronized Optional<LedgerBlock> get(String hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  @Override
  public synchronized List<LedgerBlock> atHeight(long height) {
    return List.copyOf(byHeight.getOrDefault(height, List.of()));
  }

  @Override
  public void forEach(Consumer<LedgerBlock> action) {
    List<LedgerBlock> snapshot = new ArrayList<>();
    synchronized (this) {
      byHeight.values().forEach(snapshot::addAll);
    }
    snapshot.forEach(action);
  }

  @Override
  public synchronized long count() {
    return byHash.size();
  }

  @Override
  public synchronized void replaceGenesis(LedgerBlock genesis) {
    if (!genesis.isGenesis()) {
      throw new IllegalArgumentException("block " + genesis.shortHash() + " is not a genesis");
    }
    if (byHash.size() > 1 || byHeight.keySet().stream().anyMatch(h -> h > 0)) {
      throw new IllegalStateException(
          "the ledger holds " + byHash.size() + " blocks, more than its genesis");
    }
    byHash.clear();
    byHeight.clear();
    head = null;
    put(genesis, genesis.hash());
  }
}
