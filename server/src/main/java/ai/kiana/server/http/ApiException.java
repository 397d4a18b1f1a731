package ai.kiana.server.http;

/**
 * A request the API refuses, with the HTTP status, a stable machine code and a message for people.
 * Thrown by route handlers and mapped to a JSON body in one place ({@link ApiErrors}). Carries no
 * stack trace: it is an answer, not a failure of the server.
 */
public abstract sealed class ApiException extends RuntimeException
    permits ApiException.BadRequest,
        ApiException.Unauthorized,
        ApiException.Forbidden,
        ApiException.NotFound,
        ApiException.MethodNotAllowed,
        ApiException.Conflict,
        ApiException.PayloadTooLarge,
        ApiException.Unprocessable,
        ApiException.UnsupportedMediaType,
        ApiException.TooManyRequests,
        ApiException.ServiceUnavailable {

  private final int status;
  private final String code;
  private final String field;

  private ApiException(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public int status() {
    return status;
  }

  /** Stable, lower_snake_case; clients branch on it, so never change an existing one. */
  public String code() {
    return code;
  }

  /** The request field or parameter at fault, or null. */
  public String field() {
    return field;
  }

  /** 400: the request is malformed or a value is wrong. */
  public static final class BadRequest extends ApiException {
    public BadRequest(String code, String message, String field) {
      super(400, code, message, field);
    }

    /** A query or path parameter has a bad value. */
    public static BadRequest parameter(String name, String problem) {
      return new BadRequest("invalid_parameter", name + ": " + problem, name);
    }

    /** A field of the JSON body has a bad value or type. */
    public static BadRequest field(String name, String problem) {
      return new BadRequest("invalid_field", name + ": " + problem, name);
    }

    public static BadRequest unknownField(String name) {
      return new BadRequest("unknown_field", name + ": unknown field", name);
    }

    public static BadRequest missingField(String name) {
      return new BadRequest("missing_field", name + ": missing", name);
    }

    public static BadRequest body(String problem) {
      return new BadRequest("invalid_body", problem, null);
    }
  }

  /**
   * 401: the request carries no valid credentials (missing, expired, forged or revoked token, wrong
   * password). The message never says which, so a guesser learns nothing.
   */
  public static final class Unauthorized extends ApiException {
    public Unauthorized(String code, String message) {
      super(401, code, message, null);
    }
  }

  /**
   * 429: too many requests from this account, device or address; {@link #retryAfterSeconds()} says
   * when to try again.
   */
  public static final class TooManyRequests extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequests(String code, String message, long retryAfterSeconds) {
      super(429, code, message, null);
      this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /**
   * 403: the request is refused whoever sends it (e.g. from a foreign web page), or the caller's
   * role lacks the permission.
   */
  public static final class Forbidden extends ApiException {
    public Forbidden(String code, String message) {
      super(403, code, message, null);
    }
  }

  /** 404: no such block, or no such route. */
  public static final class NotFound extends ApiException {
    public NotFound(String code, String message) {
      super(404, code, message, null);
    }
  }

  /** 405: the route exists but not with this method. */
  public static final class MethodNotAllowed extends ApiException {
    public MethodNotAllowed(String message) {
      super(405, "method_not_allowed", message, null);
    }
  }

  /** 409: the request contradicts what is stored. */
  public static final class Conflict extends ApiException {
    public Conflict(String message) {
      super(409, "conflict", message, null);
    }
  }

  /** 413: the body is larger than the node accepts. */
  public static final class PayloadTooLarge extends ApiException {
    public PayloadTooLarge(long maxBytes) {
      super(413, "payload_too_large", "request body is larger than " + maxBytes + " bytes", null);
    }
  }

  /**
   * 422: the request is well-formed but its content cannot be used, e.g. an invalid filter rule.
   */
  public static final class Unprocessable extends ApiException {
    public Unprocessable(String code, String message, String field) {
      super(422, code, message, field);
    }
  }

  /** 415: the body's Content-Type is not one the route reads. */
  public static final class UnsupportedMediaType extends ApiException {
    public UnsupportedMediaType(String message) {
      super(415, "unsupported_media_type", message, null);
    }
  }

  /** 503: a dependency (the store) does not answer. */
  public static final class ServiceUnavailable extends ApiException {
    public ServiceUnavailable(String code, String message) {
      super(503, code, message, null);
    }
  }
}
