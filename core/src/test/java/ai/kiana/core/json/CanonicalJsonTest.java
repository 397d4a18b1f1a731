package ai.kiana.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8785 examples and the edge cases of strings, numbers and node types. */
class CanonicalJsonTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void sampleOfSection322CanonicalizesToTheBytesOfSection324() {
    JsonNode sample = Json.parse(resource("rfc8785-sample-input.json"));
    String hex = new String(resource("rfc8785-sample-output.hex"), StandardCharsets.US_ASCII);
    String digits = hex.lines().filter(l -> !l.startsWith("#")).reduce("", String::concat);
    byte[] expected = HexFormat.of().parseHex(digits.replace(" ", ""));

    assertThat(CanonicalJson.canonicalize(sample)).isEqualTo(expected);
    assertThat(CanonicalJson.canonicalString(sample))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void propertiesAreSortedByUtf16CodeUnitsAsInSection323() {
    JsonNode sample = Json.parse(resource("rfc8785-sorting-input.json"));
    List<String> values = new ArrayList<>();
    Json.parse(CanonicalJson.canonicalize(sample)).forEach(v -> values.add(v.textValue()));
    assertThat(values)
        .containsExactly(
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh");
    assertThat(CanonicalJson.canonicalString(sample))
        .startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"");
  }

  static Stream<Arguments> appendixB() {
    String table = new String(resource("rfc8785-appendix-b.txt"), StandardCharsets.US_ASCII);
    return table
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split(" "))
        .map(f -> Arguments.argumentSet(f[0] + " -> " + f[1], f[0], f[1]));
  }

  @ParameterizedTest
  @MethodSource("appendixB")
  void numbersAreSerializedAsInAppendixB(String ieee754, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieee754, 16));
    JsonNode node = DoubleNode.valueOf(value);
    if (expected.equals("error")) {
      assertThatThrownBy(() -> CanonicalJson.canonicalize(node))
          .isInstanceOf(JsonFormatException.class);
    } else {
      assertThat(CanonicalJson.canonicalString(node)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "-0, 0",
    "-0.0, 0",
    "4.50, 4.5",
    "1E30, 1e+30",
    "100, 100",
    "1e21, 1e+21",
    "123456789012345678901, 123456789012345680000",
    "9007199254740993, 9007199254740992",
    "-9223372036854775808, -9223372036854776000",
    "0.1, 0.1",
    "1e-7, 1e-7",
    "0.000001, 0.000001",
    "2.5e-5, 0.000025",
    "1.5e300, 1.5e+300",
  })
  void parsedNumbersBecomeTheNearestDoubleWrittenAsInEcmaScript(String json, String expected) {
    assertThat(CanonicalJson.canonicalString(Json.parse(json))).isEqualTo(expected);
  }

  @Test
  void numberNodesOfEveryKindAreConvertedLikeJavaScriptWould() {
    assertThat(canonical(LongNode.valueOf(1L << 53))).isEqualTo("9007199254740992");
    assertThat(canonical(LongNode.valueOf((1L << 53) + 1))).isEqualTo("9007199254740992");
    assertThat(canonical(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854776000");
    assertThat(canonical(BigIntegerNode.valueOf(BigInteger.TEN.pow(30)))).isEqualTo("1e+30");
    assertThat(canonical(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
    assertThat(canonical(FloatNode.valueOf(0.5f))).isEqualTo("0.5");
  }

  @Test
  void nonFiniteNumbersAreRejectedWithTheirLocation() {
    ObjectNode tree = NODES.objectNode();
    tree.putArray("a").add(1).addObject().put("b/c", Double.NaN);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(tree))
        .isInstanceOfSatisfying(
            JsonFormatException.class, e -> assertThat(e.pointer()).isEqualTo("/a/1/b~1c"))
        .hasMessageContaining("NaN")
        .hasMessageContaining("/a/1/b~1c");
    assertThatThrownBy(
            () -> CanonicalJson.canonicalize(DoubleNode.valueOf(Double.NEGATIVE_INFINITY)))
        .isInstanceOf(JsonFormatException.class);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.parse("[1e400]")))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("/0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\\u0000\\u001f\\u007f|\\u0000\\u001f\u007f",
        "\\b\\f\\n\\r\\t|\\b\\f\\n\\r\\t",
        "\\u0008\\u000C|\\b\\f",
        "\\/\\\"\\\\|/\\\"\\\\",
        "\\u2028\\u2029|'\u2028\u2029'", // quoted: CSV would trim them as whitespace
        "\\u00e9\\u20ac\\ud83d\\ude00|\u00e9\u20ac\ud83d\ude00",
        "\\uffff|\uffff",
      })
  void stringsEscapeOnlyWhatRfc8785Requires(String jsonContent, String canonicalContent) {
    JsonNode node = Json.parse("\"" + jsonContent + "\"");
    assertThat(CanonicalJson.canonicalString(node)).isEqualTo("\"" + canonicalContent + "\"");
  }

  @Test
  void loneSurrogatesAreRejectedInValuesAndNames() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(TextNode.valueOf("a\ud800b")))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("U+D800");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.parse("[\"\\udc00\"]")))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("U+DC00");
    ObjectNode tree = NODES.objectNode();
    tree.put("x\ud83d", 1);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(tree))
        .isInstanceOf(JsonFormatException.class);
  }

  @Test
  void nodesWithoutJsonTextFormAreRejected() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(BinaryNode.valueOf(new byte[] {1})))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("BINARY");
    assertThatThrownBy(() -> CanonicalJson.canonicalize(new POJONode(new Object())))
        .isInstanceOf(JsonFormatException.class);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(NODES.missingNode()))
        .isInstanceOf(JsonFormatException.class);
  }

  @Test
  void emptyContainersAndLiteralsHaveNoWhitespace() {
    assertThat(canonical(Json.parse(" { \"b\" : [ ] , \"a\" : { } , \"c\" : [ true , null ] } ")))
        .isEqualTo("{\"a\":{},\"b\":[],\"c\":[true,null]}");
  }

  @Test
  void largeDocumentsAreWrittenCompletely() {
    String longText = "\u00e9x".repeat(400_000);
    ObjectNode tree = NODES.objectNode();
    tree.put("text", longText);
    assertThat(canonical(tree)).isEqualTo("{\"text\":\"" + longText + "\"}");
    assertThat(canonical(Json.parse("[1,2]"))).isEqualTo("[1,2]");
  }

  private static String canonical(JsonNode node) {
    return CanonicalJson.canonicalString(node);
  }

  private static byte[] resource(String name) {
    try (InputStream in = CanonicalJsonTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
