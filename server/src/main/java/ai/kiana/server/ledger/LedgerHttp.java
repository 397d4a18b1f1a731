package ai.kiana.server.ledger;

import ai.kiana.core.json.Json;
import ai.kiana.server.http.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request and response handling the ledger routes need, with the same strictness as the rest of
 * the API ({@code http.QueryParams}, {@code http.Exchange}): an unknown, repeated or badly encoded
 * query parameter is a 400 naming it, bodies must be declared JSON. Kept here because those helpers
 * are private to the {@code http} package.
 */
final class LedgerHttp {

  static final String JSON = "application/json";

  private LedgerHttp() {}

  /**
   * The query parameters of a request, each given at most once.
   *
   * @param known the names the route reads; any other is a 400
   */
  static Map<String, String> params(Context ctx, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    String raw = ctx.queryString();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
      if (!known.contains(name)) {
        throw new ApiException.BadRequest(
            "unknown_parameter",
            name
                + ": unknown parameter"
                + (known.isEmpty()
                    ? " (this route takes none)"
                    : " (known: " + String.join(", ", new TreeSet<>(known)) + ")"),
            name);
      }
      if (values.put(name, value) != null) {
        throw ApiException.BadRequest.parameter(name, "given more than once");
      }
    }
    return values;
  }

  /** A whole number parameter within [min, max]; {@code dflt} if absent. */
  static long number(Map<String, String> params, String name, long dflt, long min, long max) {
    String value = params.get(name);
    if (value == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.BadRequest.parameter(name, "must be a whole number");
    }
    if (n < min || n > max) {
      throw ApiException.BadRequest.parameter(name, "must be " + min + " to " + max);
    }
    return n;
  }

  /** The body as one JSON value; the Content-Type must be JSON. */
  static JsonNode jsonBody(Context ctx) {
    String header = ctx.contentType();
    String mediaType =
        header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JSON)) {
      throw new ApiException.UnsupportedMediaType(
          (mediaType.isEmpty()
                  ? "missing Content-Type"
                  : "Content-Type " + mediaType + " is not accepted")
              + "; send "
              + JSON);
    }
    return Json.parse(ctx.bodyAsBytes());
  }

  static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType(JSON).result(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      // A JsonNode tree always serializes; if it did not, that is a bug for the 500 mapping.
      throw new UncheckedIOException(e);
    }
  }

  private static String decode(String raw, String paramName) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException.BadRequest(
          "invalid_parameter",
          (paramName == null ? "a parameter name" : paramName) + " is not properly URL-encoded",
          paramName);
    }
  }
}
