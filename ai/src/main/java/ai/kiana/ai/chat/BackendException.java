package ai.kiana.ai.chat;

/**
 * An LLM backend did not deliver an answer. {@code code} is stable for clients: {@code
 * backend_unreachable}, {@code backend_timeout}, {@code backend_error} (it answered with an error)
 * or {@code backend_disconnected} (the stream ended before the answer was complete).
 */
public final class BackendException extends RuntimeException {

  private final String code;

  public BackendException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  static BackendException unreachable(String backend, Object url, String why) {
    return new BackendException(
        "backend_unreachable",
        "the " + backend + " server at " + url + " is not reachable (" + why + ")");
  }

  static BackendException timeout(String backend, Object url, String what) {
    return new BackendException(
        "backend_timeout", "the " + backend + " server at " + url + " timed out " + what);
  }

  static BackendException error(String backend, Object url, String what) {
    return new BackendException(
        "backend_error",
        "the " + backend + " server at " + url + " answered with an error: " + what);
  }

  static BackendException disconnected(String backend, Object url) {
    return new BackendException(
        "backend_disconnected",
        "the " + backend + " server at " + url + " stopped before the answer was complete");
  }
}
