package ai.kiana.server.http;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The body of every error response: {@code {"error": code, "message": text, "field": name}}, plus
 * {@code errorId} for server faults so a user report can be matched to the log line. Never holds a
 * stack trace or a Java class name.
 *
 * @param field the request field or parameter at fault, or null
 * @param errorId set only for 5xx faults that were logged, else null
 */
public record ApiError(int status, String code, String message, String field, String errorId) {

  public ApiError {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
    }
  }

  public static ApiError of(ApiException e) {
    return new ApiError(e.status(), e.code(), e.getMessage(), e.field(), null);
  }

  /**
   * A generic error for a status only, for failures caught before or outside our handlers (by
   * Javalin or Jetty), whose own messages are not meant for clients.
   */
  public static ApiError forStatus(int status) {
    return switch (status) {
      case 400 -> new ApiError(400, "bad_request", "the request is malformed", null, null);
      case 404 -> new ApiError(404, "route_not_found", "no such route", null, null);
      case 405 ->
          new ApiError(405, "method_not_allowed", "method not allowed on this route", null, null);
      case 408 ->
          new ApiError(408, "request_timeout", "the request took too long to arrive", null, null);
      case 413 -> new ApiError(413, "payload_too_large", "request body is too large", null, null);
      case 414 -> new ApiError(414, "uri_too_long", "the URL is too long", null, null);
      case 415 ->
          new ApiError(415, "unsupported_media_type", "unsupported Content-Type", null, null);
      case 431 ->
          new ApiError(431, "headers_too_large", "the request headers are too large", null, null);
      case 503 -> new ApiError(503, "unavailable", "the node is not available", null, null);
      default ->
          status >= 400 && status < 500
              ? new ApiError(status, "bad_request", "the request was refused", null, null)
              : new ApiError(
                  status >= 500 && status < 600 ? status : 500,
                  "internal_error",
                  "internal error",
                  null,
                  null);
    };
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("error", code);
    node.put("message", message);
    if (field != null) {
      node.put("field", field);
    }
    if (errorId != null) {
      node.put("errorId", errorId);
    }
    return node;
  }

  public byte[] toJsonBytes() {
    try {
      return Json.mapper().writeValueAsBytes(toJson());
    } catch (JsonProcessingException e) {
      // An ObjectNode of strings always serializes; this would be a bug in Jackson.
      return ("{\"error\":\"internal_error\",\"message\":\"internal error\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
