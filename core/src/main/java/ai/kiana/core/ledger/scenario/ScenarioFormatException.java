package ai.kiana.core.ledger.scenario;

/**
 * A scenario file is not in the expected format. {@link #path()} names the offending place as a
 * JSON path such as {@code $.scenarios[3].blocks[0].vote.subject} ({@code $} for the whole file).
 */
public final class ScenarioFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;

  public ScenarioFormatException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public ScenarioFormatException(String path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
