package ai.kiana.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockConflictException;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.StoreException;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiErrorsTest {

  final ApiErrors errors = new ApiErrors(4096);

  static Stream<Arguments> mappings() {
    return Stream.of(
        Arguments.of(
            ApiException.BadRequest.parameter("limit", "too big"), 400, "invalid_parameter"),
        Arguments.of(
            new ApiException.UnsupportedMediaType("send JSON"), 415, "unsupported_media_type"),
        Arguments.of(new InvalidBlockException("lang", "bad"), 400, "invalid_field"),
        Arguments.of(parseError(), 400, "invalid_json"),
        Arguments.of(
            new BlockNotFoundException(new BlockId("a".repeat(64))), 404, "block_not_found"),
        Arguments.of(new BlockConflictException("already retracted"), 409, "conflict"),
        Arguments.of(new StoreException("disk full at /secret/path"), 503, "store_unavailable"),
        Arguments.of(new IllegalStateException("secret detail"), 500, "internal_error"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("mappings")
  void exceptionsMapToStatusAndCode(Throwable t, int status, String code) {
    ApiError error = errors.map(t);

    assertThat(error.status()).isEqualTo(status);
    assertThat(error.code()).isEqualTo(code);
  }

  @Test
  void invalidBlockNamesTheField() {
    assertThat(errors.map(new InvalidBlockException("source.uri", "missing")).field())
        .isEqualTo("source.uri");
  }

  @Test
  void unexpectedFailureHidesItsMessageAndGivesAnErrorId() {
    ApiError error = errors.map(new IllegalStateException("secret detail"));

    assertThat(error.errorId()).matches("[0-9a-f]{12}");
    assertThat(error.message()).doesNotContain("secret").contains(error.errorId());
    assertThat(new String(error.toJsonBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("IllegalStateException")
        .contains("\"errorId\":\"" + error.errorId() + "\"");
  }

  @Test
  void eachUnexpectedFailureGetsItsOwnErrorId() {
    assertThat(errors.map(new RuntimeException()).errorId())
        .isNotEqualTo(errors.map(new RuntimeException()).errorId());
  }

  @Test
  void storeFailureHidesItsMessage() {
    assertThat(errors.map(new StoreException("disk full at /secret/path")).message())
        .doesNotContain("secret");
  }

  private static JsonFormatException parseError() {
    try {
      Json.parse("{");
      throw new AssertionError("'{' parsed");
    } catch (JsonFormatException e) {
      return e;
    }
  }
}
