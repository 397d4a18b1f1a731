package ai.kiana.ai.documents;

import java.util.List;

/** What importing a file or folder did: per file, and the files that failed with why. */
public record ImportResult(List<FileResult> imported, List<Failure> failed) {

  public ImportResult {
    imported = List.copyOf(imported);
    failed = List.copyOf(failed);
  }

  /** One document: its source URI, what happened, how many chunks it has now. */
  public record FileResult(String uri, Outcome outcome, int chunks) {}

  public enum Outcome {
    ADDED,
    UPDATED,
    UNCHANGED,
    REMOVED
  }

  public record Failure(String file, String reason) {}

  public int chunks() {
    return imported.stream().mapToInt(FileResult::chunks).sum();
  }

  public long count(Outcome outcome) {
    return imported.stream().filter(f -> f.outcome() == outcome).count();
  }
}
