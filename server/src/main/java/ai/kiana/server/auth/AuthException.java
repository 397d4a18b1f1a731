package ai.kiana.server.auth;

/**
 * An account or session operation refused, with a kind that the HTTP API and the CLI each map to
 * their own status or exit code.
 */
public final class AuthException extends RuntimeException {

  /** Why. */
  public enum Kind {
    /** A value is malformed (user name, password length, role). */
    INVALID,
    /** No such account. */
    NOT_FOUND,
    /** The account exists already, or the change would leave no creator. */
    CONFLICT,
    /** The caller's role may not do this to that account. */
    FORBIDDEN,
    /** Wrong credentials, or a token that is not (or no longer) valid. */
    UNAUTHORIZED,
    /** Too many failures: wait {@link #retryAfterSeconds()}. */
    LOCKED
  }

  private final Kind kind;
  private final long retryAfterSeconds;

  public AuthException(Kind kind, String message) {
    this(kind, message, 0);
  }

  public AuthException(Kind kind, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
