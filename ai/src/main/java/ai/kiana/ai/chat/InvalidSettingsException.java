package ai.kiana.ai.chat;

/** A chat setting has a bad value; {@code key} is its config key, e.g. {@code chat.url}. */
public final class InvalidSettingsException extends RuntimeException {

  private final String key;

  public InvalidSettingsException(String key, String problem) {
    super(key + ": " + problem, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
