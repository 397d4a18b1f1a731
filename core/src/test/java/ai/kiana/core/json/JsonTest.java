package ai.kiana.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  record Note(String title, boolean pinned, long revision) {}

  @Test
  void parsesOneValueWithSurroundingWhitespace() {
    JsonNode node = Json.parse(" \n{\"a\": [1, 2.5, \"x\", null, true]}\r\n ");
    assertThat(node.get("a").size()).isEqualTo(5);
    assertThat(Json.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).get("a").intValue())
        .isEqualTo(1);
  }

  @Test
  void duplicateKeysAreRejectedWithTheirPosition() {
    assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"a\": 2\n}"))
        .isInstanceOfSatisfying(
            JsonFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isPositive();
            })
        .hasMessageContaining("Duplicate field 'a'")
        .hasMessageContaining("line 3");
  }

  @Test
  void contentAfterTheValueIsRejected() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1}\n{\"b\":2}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("invalid JSON at line 2, column 1: unexpected content after the JSON value");
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> Json.parse("  "))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Json.parse(new byte[0])).isInstanceOf(JsonFormatException.class);
    assertThatThrownBy(() -> Json.parse((String) null)).isInstanceOf(JsonFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "[1,]",
        "{a:1}",
        "{'a':1}",
        "NaN",
        "[Infinity]",
        "[01]",
        "\"abc",
        "// c\n1",
        "/* c */ 1",
        "tru",
        "1 2",
        "[1]]",
        "{\"a\" 1}",
        "\"\u0001\"",
        "[\"\\x\"]",
        "[1e]",
        "-",
      })
  void malformedTextIsRejectedWithAPlainMessage(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("invalid JSON")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("jackson", "Jackson", "com.fasterxml", "`", "Source:", "\n"));
  }

  @Test
  void errorsReportLineAndColumn() {
    assertThatThrownBy(() -> Json.parse("{\n  \"a\": tru\n}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("line 2, column");
  }

  @Test
  void malformedUtf8IsRejected() {
    byte[] bytes = {'"', (byte) 0xff, '"'};
    assertThatThrownBy(() -> Json.parse(bytes))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void excessiveNestingIsRejected() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> Json.parse(deep))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void mapperBindsRecordsStrictly() throws Exception {
    Note note = new Note("groceries", true, 3);
    String json = Json.mapper().writeValueAsString(note);
    assertThat(json).isEqualTo("{\"title\":\"groceries\",\"pinned\":true,\"revision\":3}");
    assertThat(Json.mapper().readValue(json, Note.class)).isEqualTo(note);

    assertThatThrownBy(
            () -> Json.mapper().readValue(json.replace("}", ",\"extra\":1}"), Note.class))
        .hasMessageContaining("extra");
    assertThatThrownBy(
            () ->
                Json.mapper()
                    .readValue("{\"title\":\"x\",\"pinned\":\"true\",\"revision\":1}", Note.class))
        .hasMessageContaining("pinned");
    assertThatThrownBy(
            () -> Json.mapper().readValue("{\"title\":\"x\",\"pinned\":true}", Note.class))
        .as("a missing primitive is an error, not 0")
        .hasMessageContaining("revision");
    assertThatThrownBy(() -> Json.mapper().readValue(json + " []", Note.class))
        .hasMessageContaining("Trailing");
  }

  @Test
  void mapperIsShared() {
    assertThat(Json.mapper()).isSameAs(Json.mapper());
  }
}
