package ai.kiana.server.documents;

import ai.kiana.ai.documents.ImportResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs document imports one at a time on a thread of their own (they embed: bound by the CPU, so
 * running two at once would only make both slower) and remembers the last {@value #KEPT} jobs.
 */
public final class ImportJobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ImportJobs.class);

  static final int KEPT = 200;

  /** The work of one job. */
  @FunctionalInterface
  interface Work {
    ImportResult run(ImportJob job);
  }

  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kiana-documents");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, ImportJob> jobs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImportJob> eldest) {
          return size() > KEPT;
        }
      };

  private volatile boolean closing;

  public ImportJobs(Clock clock) {
    this.clock = clock;
  }

  /** Queues {@code work} as a job of account {@code owner} (see {@link ImportJob#owner}). */
  ImportJob submit(long owner, int total, Work work) {
    ImportJob job = new ImportJob(UUID.randomUUID().toString(), clock.instant(), owner, total);
    synchronized (jobs) {
      jobs.put(job.id, job);
    }
    worker.execute(
        () -> {
          if (closing) {
            job.failed("the node stopped before this import started");
            return;
          }
          job.running();
          try {
            job.finished(work.run(job));
          } catch (RuntimeException e) {
            LOG.warn("document import {} failed: {}", job.id, e.getMessage());
            job.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
          }
        });
    return job;
  }

  Optional<ImportJob> find(String id) {
    synchronized (jobs) {
      return Optional.ofNullable(jobs.get(id));
    }
  }

  /**
   * Lets the running job finish (bounded), drops queued ones. The running job is not interrupted:
   * an interrupt during the search index's file I/O closes the channel that holds the index's lock,
   * and the index then cannot be closed cleanly.
   */
  @Override
  public void close() {
    closing = true;
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
