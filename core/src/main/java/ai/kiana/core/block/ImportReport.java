package ai.kiana.core.block;

import java.util.List;

/**
 * What an import did. {@code stored} counts new blocks, {@code duplicates} blocks the store already
 * had; when any line was rejected and the import was all-or-nothing, both are 0.
 */
public record ImportReport(int lines, int stored, int duplicates, List<Rejection> rejected) {

  /** A line that was not imported, and why. Lines count from 1. */
  public record Rejection(int line, String reason) {}

  public ImportReport {
    rejected = List.copyOf(rejected);
  }

  public boolean ok() {
    return rejected.isEmpty();
  }
}
