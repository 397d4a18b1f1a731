package ai.kiana.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, read strictly. Javalin's own parsing silently drops a value it
 * cannot URL-decode, which would turn a bad filter into no filter; here a bad escape, an unknown
 * parameter or a repeated single-valued one is a 400 that names the parameter.
 */
public final class QueryParams {

  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * @param rawQuery the query string as sent (still URL-encoded), or null
   * @param known the parameter names the route reads; any other is an error
   */
  public static QueryParams parse(String rawQuery, Set<String> known) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
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
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return new QueryParams(values);
  }

  /** The value of a parameter that may be given at most once, or null. */
  public String single(String name) {
    List<String> list = values.get(name);
    if (list == null) {
      return null;
    }
    if (list.size() > 1) {
      throw ApiException.BadRequest.parameter(name, "given more than once");
    }
    return list.getFirst();
  }

  /** Every value of a repeatable parameter, in order; empty if absent. */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** A true/false parameter; {@code dflt} if absent. */
  boolean bool(String name, boolean dflt) {
    String v = single(name);
    if (v == null) {
      return dflt;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.BadRequest.parameter(name, "must be true or false");
    };
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

  /** A whole-number parameter within [min, max]; {@code dflt} if absent. */
  public long number(String name, long dflt, long min, long max) {
    String value = single(name);
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
}
