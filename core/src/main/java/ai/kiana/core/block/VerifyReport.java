package ai.kiana.core.block;

import java.util.List;

/** The result of re-checking every stored block. */
public record VerifyReport(long checked, List<Failure> failures) {

  public record Failure(BlockId id, String reason) {}

  public VerifyReport {
    failures = List.copyOf(failures);
  }

  public boolean ok() {
    return failures.isEmpty();
  }
}
