package ai.kiana.server.access;

import ai.kiana.server.auth.AuthException;
import ai.kiana.server.http.ApiException;

/** {@link AuthException} as the API's answers. */
public final class AuthErrors {

  private AuthErrors() {}

  public static ApiException toApi(AuthException e) {
    return switch (e.kind()) {
      case INVALID -> new ApiException.BadRequest("invalid_field", e.getMessage(), null);
      case NOT_FOUND -> new ApiException.NotFound("account_not_found", e.getMessage());
      case CONFLICT -> new ApiException.Conflict(e.getMessage());
      case FORBIDDEN -> new ApiException.Forbidden("permission_denied", e.getMessage());
      case UNAUTHORIZED -> new ApiException.Unauthorized("unauthorized", e.getMessage());
      case LOCKED ->
          new ApiException.TooManyRequests("locked", e.getMessage(), e.retryAfterSeconds());
    };
  }
}
