package ai.kiana.server.node;

/** A setting is missing or wrong; names the key so the user knows what to fix. */
public final class ConfigException extends RuntimeException {

  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    super("config " + key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  public String problem() {
    return problem;
  }

  public String key() {
    return key;
  }
}
