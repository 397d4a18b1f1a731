package ai.kiana.core.block;

/**
 * Where a block's content came from: the original's URI and, when known, the SHA-256 of its bytes
 * (64 lowercase hex), so a citation can be checked against the original.
 */
public record Source(String uri, String sha256) {

  public static final int MAX_URI_CHARS = 2048;

  public Source {
    if (uri == null || uri.isBlank()) {
      throw new InvalidBlockException("source.uri", "missing");
    }
    if (uri.length() > MAX_URI_CHARS) {
      throw new InvalidBlockException("source.uri", "longer than " + MAX_URI_CHARS + " characters");
    }
    if (sha256 != null && !BlockId.isValid(sha256)) {
      throw new InvalidBlockException("source.sha256", "must be 64 lowercase hex characters");
    }
  }
}
