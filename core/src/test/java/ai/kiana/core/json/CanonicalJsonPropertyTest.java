package ai.kiana.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Laws of canonical JSON over generated trees. */
class CanonicalJsonPropertyTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] WHITESPACE = {"", " ", "  ", "\t", "\n", "\r\n", " \n\t"};

  @Property(tries = 300)
  void canonicalizationIsIdempotent(@ForAll("trees") JsonNode tree) {
    byte[] canonical = CanonicalJson.canonicalize(tree);
    assertThat(CanonicalJson.canonicalize(Json.parse(canonical))).isEqualTo(canonical);
  }

  @Property(tries = 300)
  void keyOrderInTheInputDoesNotChangeTheOutput(@ForAll("trees") JsonNode tree, @ForAll long seed) {
    JsonNode shuffled = shuffleKeys(tree, new Random(seed));
    assertThat(CanonicalJson.canonicalize(shuffled)).isEqualTo(CanonicalJson.canonicalize(tree));
  }

  @Property(tries = 300)
  void whitespaceInTheInputDoesNotChangeTheOutput(@ForAll("trees") JsonNode tree, @ForAll long seed)
      throws JsonProcessingException {
    StringBuilder text = new StringBuilder();
    writeSpaced(tree, new Random(seed), text);
    assertThat(CanonicalJson.canonicalize(Json.parse(text.toString())))
        .isEqualTo(CanonicalJson.canonicalize(tree));
  }

  @Property(tries = 2000)
  void everyFiniteDoubleRoundTripsThroughItsCanonicalForm(@ForAll("finiteDoubles") double value) {
    String canonical = CanonicalJson.canonicalString(DoubleNode.valueOf(value));
    assertThat(Double.parseDouble(canonical)).isEqualTo(value == 0 ? 0.0 : value);
    assertThat(canonical).doesNotContain("E", ".0e", "+0", "e+0").doesNotEndWith(".0");
  }

  @Provide
  Arbitrary<Double> finiteDoubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
        Arbitraries.doubles(),
        Arbitraries.integers().map(i -> i / 1000.0));
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return node(3);
  }

  private Arbitrary<JsonNode> node(int depth) {
    if (depth == 0) {
      return leaves();
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> node(depth - 1));
    Arbitrary<JsonNode> arrays =
        child.list().ofMaxSize(5).map(items -> (JsonNode) new ArrayNode(NODES, items));
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(strings(), child).ofMaxSize(5).map(CanonicalJsonPropertyTest::object);
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaves()), Tuple.of(1, arrays), Tuple.of(2, objects));
  }

  private static JsonNode object(Map<String, JsonNode> members) {
    ObjectNode object = NODES.objectNode();
    members.forEach(object::set);
    return object;
  }

  private Arbitrary<JsonNode> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false)),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
            .map(NODES::numberNode),
        finiteDoubles().map(NODES::numberNode),
        strings().map(NODES::textNode));
  }

  private static Arbitrary<String> strings() {
    Arbitrary<Integer> codePoints =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0x7f),
            Arbitraries.integers().between(0x80, 0xd7ff),
            Arbitraries.integers().between(0xe000, 0x10ffff),
            Arbitraries.of(0x2028, 0x2029, 0x20ac, 0xfb33, 0x1f600, 0x22, 0x5c, 0x2f));
    return codePoints.list().ofMaxSize(8).map(CanonicalJsonPropertyTest::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  private static JsonNode shuffleKeys(JsonNode node, Random random) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.shuffle(names, random);
      ObjectNode copy = NODES.objectNode();
      names.forEach(name -> copy.set(name, shuffleKeys(node.get(name), random)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(shuffleKeys(item, random)));
      return copy;
    }
    return node;
  }

  /** Writes JSON text with random whitespace between all tokens; scalars as Jackson writes them. */
  private static void writeSpaced(JsonNode node, Random random, StringBuilder out)
      throws JsonProcessingException {
    out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
    if (node.isContainerNode()) {
      boolean object = node.isObject();
      out.append(object ? '{' : '[');
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]).append(',');
        }
        if (object) {
          out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
          out.append(Json.mapper().writeValueAsString(names.get(i)));
          out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]).append(':');
          writeSpaced(node.get(names.get(i)), random, out);
        } else {
          writeSpaced(node.get(i), random, out);
        }
      }
      out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]).append(object ? '}' : ']');
    } else {
      out.append(Json.mapper().writeValueAsString(node));
    }
    out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
  }
}
