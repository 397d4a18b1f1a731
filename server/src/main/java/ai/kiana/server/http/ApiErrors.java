package ai.kiana.server.http;

import ai.kiana.core.block.BlockConflictException;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.json.JsonFormatException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses. Our own {@link ApiException}s and the core
 * exceptions map to 4xx/503 with their message; anything else is a bug: it is logged with a fresh
 * error id and the client gets only a generic message and that id. Javalin's and Jetty's own errors
 * (unknown route, wrong method, unparseable request) are rewritten to the same JSON shape.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long maxBodyBytes;

  ApiErrors(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the mapping with Javalin and replaces Jetty's HTML error pages. */
  void install(JavalinConfig config) {
    config.routes.exception(
        HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e, ctx)));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (e instanceof ApiException.TooManyRequests limited) {
            ctx.header(Header.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
          } else if (e instanceof ApiException.Unauthorized) {
            ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"kiana\"");
          }
          respond(ctx, map(e));
        });
    config.router.javaLangErrorHandler(this::respondToError);
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages.ServerLevel()));
    config.jetty.modifyServletContextHandler(
        handler -> handler.setErrorHandler(new JsonErrorPages.ServletLevel()));
  }

  /** The error for an exception thrown by a handler or by the core. */
  ApiError map(Throwable t) {
    return switch (t) {
      case ApiException e -> ApiError.of(e);
      case InvalidBlockException e ->
          new ApiError(400, "invalid_field", e.getMessage(), e.field(), null);
      case JsonFormatException e -> new ApiError(400, "invalid_json", e.getMessage(), null, null);
      case BlockNotFoundException e ->
          new ApiError(404, "block_not_found", e.getMessage(), null, null);
      case BlockConflictException e -> new ApiError(409, "conflict", e.getMessage(), null, null);
      case StoreException e -> logged(503, "store_unavailable", "store unavailable", e);
      case HttpResponseException e -> fromStatus(e.getStatus());
      default -> logged(500, "internal_error", "internal error", t);
    };
  }

  private ApiError fromJavalin(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 ->
          new ApiError(
              404, "route_not_found", "no route " + ctx.method() + " " + ctx.path(), null, null);
      case 405 -> {
        String allowed = e.getDetails().get("availableMethods");
        if (allowed != null) {
          ctx.header(Header.ALLOW, allowed);
        }
        yield new ApiError(
            405,
            "method_not_allowed",
            ctx.method()
                + " is not allowed on "
                + ctx.path()
                + (allowed == null ? "" : " (allowed: " + allowed + ")"),
            null,
            null);
      }
      default -> fromStatus(e.getStatus());
    };
  }

  private ApiError fromStatus(int status) {
    return status == 413
        ? ApiError.of(new ApiException.PayloadTooLarge(maxBodyBytes))
        : ApiError.forStatus(status);
  }

  private static ApiError logged(int status, String code, String message, Throwable t) {
    String errorId = HexFormat.of().formatHex(randomBytes());
    LOG.error("errorId={} status={} {}", errorId, status, message, t);
    return new ApiError(status, code, message + " (error id " + errorId + ")", null, errorId);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static void respond(Context ctx, ApiError error) {
    ctx.status(error.status()).contentType("application/json").result(error.toJsonBytes());
  }

  private void respondToError(HttpServletResponse res, Error error) {
    ApiError api = logged(500, "internal_error", "internal error", error);
    if (res.isCommitted()) {
      return;
    }
    try {
      res.resetBuffer();
      res.setStatus(500);
      res.setContentType("application/json");
      res.getOutputStream().write(api.toJsonBytes());
    } catch (IOException | IllegalStateException e) {
      LOG.debug("could not write the error body for errorId={}", api.errorId(), e);
    }
  }
}
