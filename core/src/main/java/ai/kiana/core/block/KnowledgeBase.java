package ai.kiana.core.block;

import ai.kiana.core.clock.ClockDriftException;
import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.json.JsonFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The node's knowledge: signs what the user teaches, retracts, imports and verifies blocks. The one
 * place these rules live; the HTTP API and the CLI both call it.
 */
public final class KnowledgeBase {

  /** Blocks verified per parallel batch in {@link #verifyAll()}. */
  static final int DEFAULT_VERIFY_BATCH = 4096;

  private final BlockStore store;
  private final BlockAuthor author;
  private final BlockVerifier verifier;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();

  public KnowledgeBase(BlockStore store, BlockAuthor author, BlockVerifier verifier) {
    this.store = store;
    this.author = author;
    this.verifier = verifier;
    store.newestCreated().ifPresent(this::observeQuietly);
  }

  /**
   * Signs and stores a new block.
   *
   * @throws BlockNotFoundException if the draft supersedes a block this node does not have
   */
  public KnowledgeBlock add(BlockDraft draft) {
    requireTargets(draft);
    KnowledgeBlock block = author.sign(draft);
    store.put(block);
    announce(List.of(block));
    return block;
  }

  /**
   * Signs and stores many new blocks in one transaction: all are stored or, on failure, none.
   * Signing runs on all cores, so bulk work (imports, document chunks) is bound by the store.
   *
   * @throws BlockNotFoundException if a draft supersedes a block this node does not have
   */
  public List<KnowledgeBlock> addAll(List<BlockDraft> drafts) {
    drafts.forEach(this::requireTargets);
    List<HlcTimestamp> stamps = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      stamps.add(author.clock().now());
    }
    List<KnowledgeBlock> blocks =
        IntStream.range(0, drafts.size())
            .parallel()
            .mapToObj(i -> author.signAt(drafts.get(i), stamps.get(i)))
            .toList();
    store.putAll(blocks);
    announce(blocks);
    return blocks;
  }

  /**
   * Deletes a block the CRDT way: stores a signed retraction that supersedes it.
   *
   * @throws BlockNotFoundException if there is no such block
   * @throws BlockConflictException if it is a retraction itself or already retracted
   */
  public KnowledgeBlock retract(BlockId id, String reason) {
    BlockView view = view(id);
    if (view.block().type() == BlockType.RETRACTION) {
      throw new BlockConflictException(
          "block " + id.shortForm() + " is a retraction; retract what it retracted instead");
    }
    if (view.retracted()) {
      throw new BlockConflictException("block " + id.shortForm() + " is already retracted");
    }
    return add(BlockDraft.retraction(id, reason));
  }

  /**
   * @throws BlockNotFoundException if there is no such block
   */
  public BlockView view(BlockId id) {
    return view(store.get(id).orElseThrow(() -> new BlockNotFoundException(id)));
  }

  /**
   * The view of a block the caller just read from this store (a search hit, a citation), without
   * reading it again; its signature is checked all the same.
   */
  public BlockView view(KnowledgeBlock block) {
    BlockId id = block.id();
    List<BlockId> superseders = store.supersedersOf(id);
    boolean retracted = false;
    List<BlockId> liveEdits = new ArrayList<>();
    for (BlockId s : superseders) {
      boolean retraction = store.get(s).map(b -> b.type() == BlockType.RETRACTION).orElse(false);
      retracted |= retraction;
      if (!retraction && store.supersedersOf(s).isEmpty()) {
        liveEdits.add(s);
      }
    }
    // Two or more live edits of one block were made without seeing each other: a conflict that
    // stays visible until a block supersedes all but one of them.
    List<BlockId> conflict = liveEdits.size() >= 2 ? liveEdits : List.of();
    return new BlockView(block, verifier.verify(block), superseders, retracted, conflict);
  }

  /**
   * Registers a listener told about blocks after they were committed to the store (derived data
   * such as the search index follows the store this way). Blocks already held may be announced
   * again, so listeners must be idempotent.
   */
  public void addListener(BlockListener listener) {
    listeners.add(listener);
  }

  /**
   * Stores blocks that were signed elsewhere and already verified by the caller (sync, restore) in
   * one transaction, and announces them.
   *
   * @return how many were new
   */
  public int storeVerified(List<KnowledgeBlock> blocks) {
    int stored = store.putAll(blocks);
    announce(blocks);
    blocks.stream()
        .map(KnowledgeBlock::created)
        .max(Comparable::compareTo)
        .ifPresent(this::observeQuietly);
    return stored;
  }

  private void announce(List<KnowledgeBlock> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    for (BlockListener listener : listeners) {
      listener.stored(blocks);
    }
  }

  public BlockPage list(BlockQuery query) {
    return store.query(query);
  }

  public Verification verify(KnowledgeBlock block) {
    return verifier.verify(block);
  }

  /**
   * Imports signed blocks from JSON Lines (blank lines are skipped). Every block is verified first.
   * If any line is rejected and {@code skipInvalid} is false, nothing is stored; otherwise the
   * valid blocks are stored in one transaction.
   */
  public ImportReport importJsonLines(BufferedReader lines, boolean skipInvalid) {
    List<KnowledgeBlock> valid = new ArrayList<>();
    List<ImportReport.Rejection> rejected = new ArrayList<>();
    int lineNo = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          KnowledgeBlock block = BlockCodec.fromJson(line);
          if (verifier.verify(block) instanceof Verification.Invalid invalid) {
            rejected.add(new ImportReport.Rejection(lineNo, invalid.reason()));
          } else {
            valid.add(block);
          }
        } catch (InvalidBlockException | JsonFormatException e) {
          rejected.add(new ImportReport.Rejection(lineNo, e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the import failed at line " + (lineNo + 1), e);
    }
    if (!rejected.isEmpty() && !skipInvalid) {
      return new ImportReport(lineNo, 0, 0, rejected);
    }
    int stored = store.putAll(valid);
    announce(valid);
    valid.stream()
        .map(KnowledgeBlock::created)
        .max(Comparable::compareTo)
        .ifPresent(this::observeQuietly);
    return new ImportReport(lineNo, stored, valid.size() - stored, rejected);
  }

  /** Writes every block as one line of canonical JSON, oldest first, from one snapshot. */
  public long exportJsonLines(Consumer<String> lineSink) {
    long[] count = {0};
    store.forEach(
        b -> {
          lineSink.accept(BlockCodec.toJson(b));
          count[0]++;
        });
    return count[0];
  }

  /**
   * Re-checks the id and signature of every stored block, using all cores. The store is read while
   * the previous batch is being verified, so reading costs no extra time.
   */
  public VerifyReport verifyAll() {
    // Batches start from a thread of their own, not from the common pool: a parallel stream
    // started inside the pool gets only the pool's workers, which is one on a 2-core machine.
    ExecutorService verifying =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "kiana-verify");
              t.setDaemon(true);
              return t;
            });
    try {
      VerifyRun run = new VerifyRun(verifying);
      store.forEach(run::add);
      return run.finish();
    } finally {
      verifying.shutdownNow();
    }
  }

  /** Verifies full batches, one batch at a time on all cores, while the next is read. */
  private final class VerifyRun {
    private final ExecutorService verifying;
    private final List<VerifyReport.Failure> failures = new ArrayList<>();
    private List<KnowledgeBlock> batch = new ArrayList<>(DEFAULT_VERIFY_BATCH);
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private long checked;

    VerifyRun(ExecutorService verifying) {
      this.verifying = verifying;
    }

    void add(KnowledgeBlock block) {
      batch.add(block);
      if (batch.size() == DEFAULT_VERIFY_BATCH) {
        submit();
      }
    }

    VerifyReport finish() {
      submit();
      inFlight.join();
      return new VerifyReport(checked, failures);
    }

    private void submit() {
      List<KnowledgeBlock> full = batch;
      batch = new ArrayList<>(DEFAULT_VERIFY_BATCH);
      inFlight.join();
      checked += full.size();
      inFlight = CompletableFuture.runAsync(() -> failures.addAll(failuresIn(full)), verifying);
    }
  }

  private List<VerifyReport.Failure> failuresIn(List<KnowledgeBlock> blocks) {
    return blocks.parallelStream()
        .<VerifyReport.Failure>mapMulti(
            (block, out) -> {
              if (verifier.verify(block) instanceof Verification.Invalid invalid) {
                out.accept(new VerifyReport.Failure(block.id(), invalid.reason()));
              }
            })
        .toList();
  }

  public StoreStats stats() {
    return store.stats();
  }

  public BlockAuthor author() {
    return author;
  }

  private void requireTargets(BlockDraft draft) {
    for (BlockId target : draft.supersedes()) {
      if (!store.contains(target)) {
        throw new BlockNotFoundException(target);
      }
    }
  }

  private void observeQuietly(HlcTimestamp t) {
    try {
      author.clock().observe(t);
    } catch (ClockDriftException e) {
      // A block from a device with a fast clock must not drag ours into the future; it stays valid.
    }
  }
}
