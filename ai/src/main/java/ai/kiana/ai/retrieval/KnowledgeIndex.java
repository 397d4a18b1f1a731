package ai.kiana.ai.retrieval;

import ai.kiana.ai.embedding.Embedder;
import ai.kiana.ai.text.Language;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockListener;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.store.index.IndexEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in step with the block store: told of every committed block (it is a
 * {@link BlockListener}), it embeds and indexes the live, text-bearing ones and turns superseded or
 * retracted ones into markers, whatever order blocks arrive in (sync may deliver an edit before the
 * block it edits). At open it checks that the index belongs to this embedder and holds one document
 * per stored block; if not, it catches up or rebuilds from the store.
 */
public final class KnowledgeIndex implements BlockListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeIndex.class);

  /** Block types a question can find; chat turns, ratings and retractions are not knowledge. */
  public static final Set<BlockType> SEARCHABLE =
      EnumSet.of(BlockType.FACT, BlockType.NOTE, BlockType.MEMORY, BlockType.CHUNK);

  static final String MODEL_KEY = "embedding.model";
  static final String FORMAT_KEY = "index.format";
  static final String FORMAT = "1";
  static final int DEFAULT_BATCH = 256;

  /** Commit after this many blocks or this much time since the last commit, whichever first. */
  static final int COMMIT_BLOCKS = 4096;

  static final long COMMIT_NANOS = 1_000_000_000L;

  private boolean closed; // guarded by this
  private boolean commitQueued; // guarded by this

  /**
   * Takes the work no search waits for off the writer's thread: markers for blocks no question can
   * find (a chat turn) and the periodic commit with its fsync. A chat answer stores two turns, and
   * indexing them inline cost it 2-4 ms each, a commit 25-50 ms now and then. One thread keeps the
   * deferred batches in order.
   */
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kiana-index");
            t.setDaemon(true);
            return t;
          });

  private int uncommitted; // guarded by this
  private long lastCommit = System.nanoTime(); // guarded by this
  private final BlockStore store;
  private final BlockIndex index;
  private final Embedder embedder;

  public KnowledgeIndex(BlockStore store, BlockIndex index, Embedder embedder) {
    this.store = store;
    this.index = index;
    this.embedder = embedder;
  }

  /** Why {@link #ensureConsistent} did what it did. */
  public enum Repair {
    NONE,
    CAUGHT_UP,
    REBUILT
  }

  /**
   * Brings the index up to the store after a crash, a restore, or a change of embedding model.
   * Lucene keeps its last commit intact, so the index can only be behind the store, hold blocks the
   * store does not have (a restored older store), or belong to another model.
   */
  public synchronized Repair ensureConsistent() {
    Map<String, String> data = index.committedData();
    long stored = store.stats().blocks();
    if (!embedder.modelId().equals(data.get(MODEL_KEY)) || !FORMAT.equals(data.get(FORMAT_KEY))) {
      if (stored == 0 && index.size() == 0) {
        commit();
        return Repair.NONE;
      }
      LOG.info("search index belongs to another model or format: rebuilding");
      rebuild(n -> {});
      return Repair.REBUILT;
    }
    long have = index.size();
    if (have == stored && newestIsIndexed()) {
      return Repair.NONE;
    }
    if (have >= stored) {
      LOG.info("search index holds {} blocks, the store {}: rebuilding", have, stored);
      rebuild(n -> {});
      return Repair.REBUILT;
    }
    LOG.info("search index is {} blocks behind the store: catching up", stored - have);
    List<KnowledgeBlock> batch = new ArrayList<>();
    store.forEach(
        b -> {
          if (!index.contains(b.id().hex())) {
            batch.add(b);
            if (batch.size() == DEFAULT_BATCH) {
              apply(batch);
              batch.clear();
            }
          }
        });
    apply(batch);
    commit();
    return Repair.CAUGHT_UP;
  }

  /**
   * Whether the store's newest block is in the index: equal counts of different sets differ here.
   */
  private boolean newestIsIndexed() {
    BlockQuery newest = new BlockQuery(null, null, null, null, null, null, false, null, 1);
    return store.query(newest).blocks().stream().allMatch(b -> index.contains(b.id().hex()));
  }

  /** Empties the index and indexes every stored block again; {@code progress} gets blocks done. */
  public synchronized long rebuild(LongConsumer progress) {
    index.clear();
    List<KnowledgeBlock> batch = new ArrayList<>();
    long[] done = {0};
    store.forEach(
        b -> {
          batch.add(b);
          if (batch.size() == DEFAULT_BATCH) {
            apply(batch);
            done[0] += batch.size();
            progress.accept(done[0]);
            batch.clear();
          }
        });
    apply(batch);
    done[0] += batch.size();
    progress.accept(done[0]);
    index.forceMerge(commitData());
    return done[0];
  }

  @Override
  public void stored(List<KnowledgeBlock> blocks) {
    if (blocks.stream().allMatch(KnowledgeIndex::unsearchable)) {
      // Only markers: no search result changes, so the writer need not wait for them.
      synchronized (this) {
        if (closed) {
          return;
        }
        defer(() -> index(blocks, false));
      }
      return;
    }
    index(blocks, true);
  }

  /** A block no question can find and that hides no other block: its index entry is a marker. */
  private static boolean unsearchable(KnowledgeBlock b) {
    return !SEARCHABLE.contains(b.type()) && b.supersedes().isEmpty();
  }

  /** {@code visible}: whether searchers must see the change at once (markers alone need not). */
  private synchronized void index(List<KnowledgeBlock> blocks, boolean visible) {
    if (closed) {
      return; // a straggling writer (a sync session) after the node closed: caught up at next open
    }
    try {
      apply(blocks, visible);
      uncommitted += blocks.size();
      // Searches see writes at once; a commit only makes them durable, and costs an fsync of every
      // new file. After a crash the uncommitted tail is caught up at open (size check), so a
      // stream of small batches (an import, a sync) commits about once a second, not per batch,
      // and on the background thread.
      if (!commitQueued
          && (uncommitted >= COMMIT_BLOCKS || System.nanoTime() - lastCommit >= COMMIT_NANOS)) {
        commitQueued = defer(this::backgroundCommit);
      }
    } catch (RuntimeException e) {
      // The store has the blocks; the index catches up at the next open (size check).
      LOG.warn("indexing {} blocks failed: {}", blocks.size(), e.getMessage());
    }
  }

  /** False once closing: what is not indexed then is caught up at the next open. */
  private boolean defer(Runnable work) {
    try {
      background.execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private synchronized void backgroundCommit() {
    commitQueued = false;
    if (closed) {
      return;
    }
    try {
      commit();
    } catch (RuntimeException e) {
      LOG.warn("committing the search index failed: {}", e.getMessage());
    }
  }

  private void apply(List<KnowledgeBlock> blocks) {
    apply(blocks, true);
  }

  private void apply(List<KnowledgeBlock> blocks, boolean visible) {
    if (blocks.isEmpty()) {
      return;
    }
    List<KnowledgeBlock> live = new ArrayList<>();
    Set<String> dead = new LinkedHashSet<>();
    for (KnowledgeBlock b : blocks) {
      for (BlockId target : b.supersedes()) {
        if (store.contains(target)) {
          dead.add(target.hex());
        }
      }
      if (SEARCHABLE.contains(b.type())
          && !(b.title() + b.content()).isBlank()
          && store.supersedersOf(b.id()).isEmpty()) {
        live.add(b);
      } else {
        dead.add(b.id().hex());
      }
    }
    List<float[]> vectors =
        live.isEmpty()
            ? List.of()
            : embedder.embedAll(live.stream().map(KnowledgeIndex::text).toList());
    List<IndexEntry> entries = new ArrayList<>(live.size());
    for (int i = 0; i < live.size(); i++) {
      KnowledgeBlock b = live.get(i);
      if (dead.contains(b.id().hex())) {
        continue;
      }
      entries.add(
          new IndexEntry(
              b.id().hex(),
              b.lang() != null ? b.lang() : Language.of(b.content()),
              text(b),
              vectors.get(i),
              b.source() == null ? null : b.source().uri(),
              b.source() == null ? null : b.source().sha256()));
    }
    index.put(entries);
    index.putMarkers(dead, visible);
  }

  /** What is searched and embedded: the title, then the content. */
  static String text(KnowledgeBlock b) {
    return b.title().isEmpty() ? b.content() : b.title() + "\n" + b.content();
  }

  private void commit() {
    index.commit(commitData());
    uncommitted = 0;
    lastCommit = System.nanoTime();
  }

  private Map<String, String> commitData() {
    return Map.of(MODEL_KEY, embedder.modelId(), FORMAT_KEY, FORMAT);
  }

  /**
   * Merges the index into one segment (queries get several times faster after a bulk import); the
   * node calls it when a large import is done.
   */
  public synchronized void optimize() {
    if (!closed) {
      index.forceMerge(commitData());
      uncommitted = 0;
      lastCommit = System.nanoTime();
    }
  }

  public BlockIndex index() {
    return index;
  }

  public Embedder embedder() {
    return embedder;
  }

  public BlockStore store() {
    return store;
  }

  /** Waits for an indexing batch in progress, so the writer never closes mid-commit. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    // Deferred markers go in before the writer closes (stored() queues no more once closed).
    background.shutdown();
    try {
      if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("search index: deferred work did not finish; caught up at the next open");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closed = true;
      // Closing Lucene's writer commits what is pending, with the commit data last set.
      index.close();
    }
  }
}
