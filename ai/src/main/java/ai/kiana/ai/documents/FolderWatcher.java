package ai.kiana.ai.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the knowledge in step with the followed folders while the node runs: every interval it
 * imports new and changed files (a changed file's chunks supersede the old ones) and retracts the
 * chunks of deleted files. Scanning, not OS file events: it works the same on every platform and
 * file system (network shares included), and a file is only read when its size or modification time
 * changed. A folder that has disappeared (an unmounted drive) is skipped, not emptied.
 */
public final class FolderWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private record Stamp(long size, long modified) {}

  private final DocumentImporter importer;
  private final FollowedFolders folders;
  private final Map<Path, Stamp> seen = new HashMap<>();
  private ScheduledExecutorService timer;

  public FolderWatcher(DocumentImporter importer, FollowedFolders folders) {
    this.importer = importer;
    this.folders = folders;
  }

  /** Scans now and then every {@code interval} on a daemon thread, until closed. */
  public synchronized FolderWatcher start(Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiana-follow");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::scanQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void scanQuietly() {
    try {
      ImportResult r = scan();
      if (!r.imported().isEmpty() || !r.failed().isEmpty()) {
        LOG.info("followed folders: {} changed, {} failed", r.imported().size(), r.failed().size());
      }
      r.failed().forEach(f -> LOG.warn("not imported: {}: {}", f.file(), f.reason()));
    } catch (RuntimeException e) {
      // The next scan tries again; one bad round must not stop following.
      LOG.warn("scanning followed folders failed: {}", e.getMessage());
    }
  }

  /** One pass over every followed folder; returns what changed (unchanged files are left out). */
  public synchronized ImportResult scan() {
    List<ImportResult.FileResult> changed = new ArrayList<>();
    List<ImportResult.Failure> failed = new ArrayList<>();
    Map<String, String> sources = importer.sources();
    for (Path folder : folders.list()) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      for (Path f : DocumentImporter.filesUnder(folder)) {
        if (DocumentType.of(f.getFileName().toString()).isEmpty()) {
          continue;
        }
        Stamp stamp = stamp(f);
        if (stamp == null || stamp.equals(seen.get(f))) {
          continue;
        }
        try {
          ImportResult.FileResult r = importer.importFile(f);
          seen.put(f, stamp);
          if (r.outcome() != ImportResult.Outcome.UNCHANGED) {
            changed.add(r);
          }
        } catch (DocumentException | UncheckedIOException e) {
          seen.put(f, stamp);
          failed.add(new ImportResult.Failure(f.toString(), e.getMessage()));
        }
      }
      String prefix = DocumentImporter.uriOf(folder);
      String dirPrefix = prefix.endsWith("/") ? prefix : prefix + "/";
      for (String uri : sources.keySet()) {
        if (uri.startsWith(dirPrefix) && !Files.exists(Path.of(java.net.URI.create(uri)))) {
          int n = importer.removeSource(uri);
          seen.remove(Path.of(java.net.URI.create(uri)));
          changed.add(new ImportResult.FileResult(uri, ImportResult.Outcome.REMOVED, n));
        }
      }
    }
    return new ImportResult(changed, failed);
  }

  private static Stamp stamp(Path f) {
    try {
      return new Stamp(Files.size(f), Files.getLastModifiedTime(f).toMillis());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Stops scanning; a scan in progress finishes first (bounded), since an interrupt during the
   * search index's file I/O would close the channel holding the index's lock.
   */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdown();
      try {
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
          timer.shutdownNow();
        }
      } catch (InterruptedException e) {
        timer.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
