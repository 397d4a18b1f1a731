package ai.kiana.net.sync;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The received-blocks pipeline of one session, so the link, verification and the store work at the
 * same time: a batch's blocks are checked in parallel on {@link #VERIFIERS} (one thread per core,
 * as Ed25519 verification is the dearest step), and one thread per session stores the batches in
 * the order they came.
 */
final class IntakePipeline {

  /** Verifies received blocks; shared by all sessions, daemon threads. */
  static final ForkJoinPool VERIFIERS =
      new ForkJoinPool(Runtime.getRuntime().availableProcessors());

  private final ExecutorService storeStage =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("kiana-intake").factory());

  /** The last batch in the pipeline; each batch is stored after the one before it. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  /**
   * Checks {@code lines} in parallel, then hands the verdicts (or the error that ended the check)
   * to {@code store} on the store stage, after every batch submitted before.
   */
  <V> void submit(
      List<byte[]> lines, Function<byte[], V> check, BiConsumer<List<V>, Throwable> store) {
    CompletableFuture<List<V>> verified =
        CompletableFuture.supplyAsync(() -> lines.parallelStream().map(check).toList(), VERIFIERS);
    synchronized (this) {
      tail =
          tail.thenCompose(previous -> verified)
              .handleAsync(
                  (verdicts, error) -> {
                    store.accept(verdicts, error);
                    return null;
                  },
                  storeStage);
    }
  }

  /** Batches already submitted are still verified and stored; then the stage's thread ends. */
  void finish() {
    CompletableFuture<Void> last;
    synchronized (this) {
      last = tail;
    }
    last.whenComplete((done, error) -> storeStage.shutdown());
  }
}
