package ai.kiana.testkit;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.PageCursor;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.block.StoreStats;
import ai.kiana.core.clock.HlcTimestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link BlockStore} held in memory, faithful to the interface's contract so tests of other
 * modules can use it instead of a database. Thread-safe: readers share a lock, writers hold it
 * alone. {@link #failNextWrite()} lets a test see what its code does when the store fails.
 */
public final class InMemoryBlockStore implements BlockStore {

  /** The store's order: oldest first by (created, id), the reverse of listing order. */
  public static final Comparator<KnowledgeBlock> OLDEST_FIRST =
      Comparator.comparing(KnowledgeBlock::created).thenComparing(KnowledgeBlock::id);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<BlockId, KnowledgeBlock> byId = new HashMap<>();
  private final NavigableSet<KnowledgeBlock> ordered = new TreeSet<>(OLDEST_FIRST);
  private final Map<BlockId, NavigableSet<KnowledgeBlock>> superseders = new HashMap<>();
  private final AtomicBoolean failNextWrite = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * Makes the next {@link #putAll} fail with a {@link StoreException} halfway through its batch,
   * after which the store must be exactly as before. Later writes succeed again.
   */
  public void failNextWrite() {
    failNextWrite.set(true);
  }

  @Override
  public int putAll(Collection<KnowledgeBlock> blocks) {
    Map<BlockId, KnowledgeBlock> batch = new LinkedHashMap<>();
    blocks.forEach(b -> batch.putIfAbsent(b.id(), b));
    lock.writeLock().lock();
    try {
      ensureOpen();
      // Stage first, apply after: a failure while staging leaves the maps untouched, which is
      // what a rolled-back transaction looks like.
      List<KnowledgeBlock> fresh = new ArrayList<>();
      int staged = 0;
      for (KnowledgeBlock b : batch.values()) {
        if (staged++ == batch.size() / 2 && failNextWrite.getAndSet(false)) {
          throw new StoreException(
              "simulated failure after staging "
                  + (staged - 1)
                  + " of "
                  + batch.size()
                  + " blocks");
        }
        if (!byId.containsKey(b.id())) {
          fresh.add(b);
        }
      }
      for (KnowledgeBlock b : fresh) {
        byId.put(b.id(), b);
        ordered.add(b);
        for (BlockId target : b.supersedes()) {
          superseders.computeIfAbsent(target, t -> new TreeSet<>(OLDEST_FIRST)).add(b);
        }
      }
      return fresh.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<KnowledgeBlock> get(BlockId id) {
    return read(() -> Optional.ofNullable(byId.get(id)));
  }

  @Override
  public List<BlockId> supersedersOf(BlockId id) {
    return read(
        () ->
            superseders.getOrDefault(id, new TreeSet<>()).stream()
                .map(KnowledgeBlock::id)
                .toList());
  }

  @Override
  public BlockPage query(BlockQuery query) {
    return read(
        () -> {
          PageCursor after = query.after();
          List<KnowledgeBlock> rows = new ArrayList<>(query.limit() + 1);
          for (KnowledgeBlock b : ordered.descendingSet()) {
            if (rows.size() > query.limit()) {
              break;
            }
            if ((after == null || after.isBefore(b)) && query.matches(b) && visible(b, query)) {
              rows.add(b);
            }
          }
          return BlockPage.ofOverfetched(rows, query.limit());
        });
  }

  @Override
  public void forEach(Consumer<KnowledgeBlock> action) {
    // The copy is the snapshot; the action runs without the lock so it may use the store.
    List<KnowledgeBlock> snapshot = read(() -> List.copyOf(ordered));
    snapshot.forEach(action);
  }

  @Override
  public StoreStats stats() {
    return read(
        () -> {
          Map<BlockType, Long> byType = new EnumMap<>(BlockType.class);
          for (BlockType t : BlockType.values()) {
            byType.put(t, 0L);
          }
          ordered.forEach(b -> byType.merge(b.type(), 1L, Long::sum));
          return new StoreStats("memory", ordered.size(), byType, -1);
        });
  }

  @Override
  public Optional<HlcTimestamp> newestCreated() {
    return read(() -> ordered.isEmpty() ? Optional.empty() : Optional.of(ordered.last().created()));
  }

  /** Idempotent; afterwards every method throws {@link StoreException}. */
  @Override
  public void close() {
    closed = true;
  }

  private boolean visible(KnowledgeBlock b, BlockQuery query) {
    if (!query.liveOnly()) {
      return true;
    }
    if (superseders.containsKey(b.id())) {
      return false;
    }
    return b.type() != BlockType.RETRACTION || query.types().contains(BlockType.RETRACTION);
  }

  private <T> T read(Supplier<T> work) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the in-memory block store is closed");
    }
  }
}
