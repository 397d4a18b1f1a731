package ai.kiana.server.http;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Reading request bodies and writing JSON responses, the same way on every route. */
public final class Exchange {

  public static final String JSON = "application/json";

  private Exchange() {}

  /**
   * Checks the request's media type (parameters such as charset are ignored).
   *
   * @throws ApiException.UnsupportedMediaType naming what the route accepts
   */
  static void requireContentType(Context ctx, Set<String> accepted) {
    String header = ctx.contentType();
    String mediaType =
        header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!accepted.contains(mediaType)) {
      throw new ApiException.UnsupportedMediaType(
          (mediaType.isEmpty()
                  ? "missing Content-Type"
                  : "Content-Type " + mediaType + " is not accepted")
              + "; send "
              + String.join(" or ", accepted.stream().sorted().toList()));
    }
  }

  /** The body as one JSON value; the size limit is enforced while reading. */
  public static JsonNode jsonBody(Context ctx) {
    requireContentType(ctx, Set.of(JSON));
    return Json.parse(ctx.bodyAsBytes());
  }

  /**
   * The body as text; must be valid UTF-8.
   *
   * @throws ApiException.BadRequest if it is not
   */
  static String utf8Body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.BadRequest.body("the body is not valid UTF-8");
    }
  }

  public static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType(JSON).result(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      // A JsonNode tree always serializes; if it did not, that is a bug for the 500 mapping.
      throw new UncheckedIOException(e);
    }
  }
}
