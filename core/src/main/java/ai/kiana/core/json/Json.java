package ai.kiana.core.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The one Jackson configuration of KI_ana, strict on input: duplicate keys, unknown properties,
 * content after the value, comments, NaN and other JSON extensions are all errors.
 *
 * <p>{@link #mapper()} is shared and thread-safe; do not reconfigure it. When binding, only record
 * components and public getters are properties (fields, setters and {@code is}-getters are not
 * auto-detected); a missing or null primitive, an unknown property and a string where a number or
 * boolean belongs are errors.
 *
 * <p>{@link #parse(String)} and {@link #parse(byte[])} throw {@link JsonFormatException}, never a
 * Jackson exception. Numbers beyond the double range (e.g. {@code 1e400}) parse, but {@link
 * CanonicalJson} rejects them.
 */
public final class Json {

  private static final ObjectMapper MAPPER = build();

  // Jackson messages can embed "[Source: ...; line: 1, column: 1]" or hints that name its own
  // feature flags ("enable `JsonReadFeature.X` to allow"); neither belongs in our message.
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");
  private static final Pattern INTERNAL_HINT =
      Pattern.compile("\\s*\\(([^()]*`[^`]*`|[^()]*Feature)[^()]*\\)");

  private Json() {}

  /** The shared mapper. Thread-safe once built; callers must not change its configuration. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses one JSON value (with optional surrounding whitespace).
   *
   * @throws JsonFormatException if the text is empty, not JSON, has duplicate keys or has anything
   *     after the value
   */
  public static JsonNode parse(String text) {
    if (text == null) {
      throw JsonFormatException.inText("no input (null)", -1, -1, null);
    }
    try {
      return requireValue(MAPPER.readTree(text));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /**
   * Parses one JSON value from UTF-8 (or UTF-16/32 with detectable encoding) bytes.
   *
   * @throws JsonFormatException as {@link #parse(String)}, and for malformed UTF-8
   */
  public static JsonNode parse(byte[] utf8) {
    if (utf8 == null) {
      throw JsonFormatException.inText("no input (null)", -1, -1, null);
    }
    try {
      return requireValue(MAPPER.readTree(utf8));
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private static JsonNode requireValue(JsonNode node) {
    // Jackson reads empty or whitespace-only input as a "missing" node instead of failing.
    if (node == null || node.isMissingNode()) {
      throw JsonFormatException.inText("no JSON value (empty input)", 1, 1, null);
    }
    return node;
  }

  private static JsonFormatException translate(IOException e) {
    long line = -1;
    long column = -1;
    String problem;
    if (e instanceof JacksonException jackson) {
      JsonLocation location = jackson.getLocation();
      if (location != null) {
        line = location.getLineNr();
        column = location.getColumnNr();
      }
      problem = jackson.getOriginalMessage();
      if (e instanceof MismatchedInputException && problem.startsWith("Trailing token")) {
        problem = "unexpected content after the JSON value";
      }
    } else {
      problem = e.getMessage();
    }
    return JsonFormatException.inText(clean(problem), line, column, e);
  }

  private static String clean(String problem) {
    if (problem == null || problem.isBlank()) {
      return "unreadable input";
    }
    String cleaned = SOURCE_REFERENCE.matcher(problem).replaceAll("line $1, column $2");
    cleaned = INTERNAL_HINT.matcher(cleaned).replaceAll("");
    int internal = cleaned.indexOf('`');
    if (internal >= 0) {
      int clause = cleaned.lastIndexOf(':', internal);
      cleaned = clause > 0 ? cleaned.substring(0, clause) : "not allowed";
    }
    int newline = cleaned.indexOf('\n');
    return newline < 0 ? cleaned : cleaned.substring(0, newline);
  }

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        // No silent "42" -> 42 or 1 -> true conversions when binding to typed records.
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Only public accessors and record components become properties, never private fields
        // that happen to be present.
        .disable(MapperFeature.AUTO_DETECT_FIELDS)
        .disable(MapperFeature.AUTO_DETECT_SETTERS)
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .build();
  }
}
