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
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws of canonical JSON over generated trees.
 *
 * <p>Case {@code i} is drawn from a {@link Random} whose seed is the {@code i}-th long of {@code
 * new Random(SEED)}; both numbers are in the display name, so a failing case can be rebuilt from
 * its case seed alone.
 */
class CanonicalJsonPropertyTest {

  private static final long SEED = 8785L;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] WHITESPACE = {"", " ", "  ", "\t", "\n", "\r\n", " \n\t"};
  private static final BigInteger BIG_BOUND = BigInteger.TEN.pow(25);

  private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
  private static final long[] EDGE_LONGS = {
    0,
    1,
    -1,
    Long.MIN_VALUE,
    Long.MAX_VALUE,
    1L << 53,
    -(1L << 53),
    (1L << 53) + 1,
    -(1L << 53) - 1,
    (1L << 53) - 1,
    1L << 62
  };
  // Zeros, extremes, and the boundaries where ECMAScript switches to exponent notation.
  private static final double[] EDGE_DOUBLES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    0.5,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    1e21,
    9.999999999999999e20,
    1e-6,
    1e-7,
    1.5e-7,
    9007199254740992.0,
    9007199254740994.0,
    123456789012345680000.0,
    4.35,
    5e-324,
    1e300
  };
  private static final int[] EDGE_CODE_POINTS = {
    0x2028, 0x2029, 0x20ac, 0xfb33, 0x1f600, 0x22, 0x5c, 0x2f, 0x00, 0x1f, 0x7f, 0x10ffff
  };

  static Stream<Arguments> trees() {
    return generated(300, random -> new Object[] {node(random, 3)});
  }

  static Stream<Arguments> treesAndSeeds() {
    return generated(300, random -> new Object[] {node(random, 3), random.nextLong()});
  }

  static Stream<Arguments> finiteDoubles() {
    return generated(2000, random -> new Object[] {finiteDouble(random)});
  }

  @ParameterizedTest
  @MethodSource("trees")
  void canonicalizationIsIdempotent(JsonNode tree, TestInfo info) {
    byte[] canonical = CanonicalJson.canonicalize(tree);
    assertThat(CanonicalJson.canonicalize(Json.parse(canonical)))
        .as("%s: %s", info.getDisplayName(), tree)
        .isEqualTo(canonical);
  }

  @ParameterizedTest
  @MethodSource("treesAndSeeds")
  void keyOrderInTheInputDoesNotChangeTheOutput(JsonNode tree, long seed, TestInfo info) {
    JsonNode shuffled = shuffleKeys(tree, new Random(seed));
    assertThat(CanonicalJson.canonicalize(shuffled))
        .as("%s: %s", info.getDisplayName(), shuffled)
        .isEqualTo(CanonicalJson.canonicalize(tree));
  }

  @ParameterizedTest
  @MethodSource("treesAndSeeds")
  void whitespaceInTheInputDoesNotChangeTheOutput(JsonNode tree, long seed, TestInfo info)
      throws JsonProcessingException {
    StringBuilder text = new StringBuilder();
    writeSpaced(tree, new Random(seed), text);
    assertThat(CanonicalJson.canonicalize(Json.parse(text.toString())))
        .as("%s: %s", info.getDisplayName(), text)
        .isEqualTo(CanonicalJson.canonicalize(tree));
  }

  @ParameterizedTest
  @MethodSource("finiteDoubles")
  void everyFiniteDoubleRoundTripsThroughItsCanonicalForm(double value, TestInfo info) {
    String canonical = CanonicalJson.canonicalString(DoubleNode.valueOf(value));
    assertThat(Double.parseDouble(canonical))
        .as("%s: %s", info.getDisplayName(), canonical)
        .isEqualTo(value == 0 ? 0.0 : value);
    assertThat(canonical)
        .as(info.getDisplayName())
        .doesNotContain("E", ".0e", "+0", "e+0")
        .doesNotEndWith(".0");
  }

  /** {@code count} cases, each from its own {@link Random} seeded from the fixed {@link #SEED}. */
  private static Stream<Arguments> generated(int count, Function<Random, Object[]> caseFor) {
    Random seeds = new Random(SEED);
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              long caseSeed = seeds.nextLong();
              String name = String.format("case %d (case seed %#x)", i + 1, caseSeed);
              return Arguments.argumentSet(name, caseFor.apply(new Random(caseSeed)));
            });
  }

  /** Any finite double: raw bit patterns, edge values, scaled decimals and thousandths. */
  private static double finiteDouble(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> {
        double value;
        do {
          value = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(value));
        yield value;
      }
      case 1 -> EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)];
      case 2 -> {
        double magnitude = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        yield random.nextBoolean() ? magnitude : -magnitude;
      }
      default -> anyInt(random) / 1000.0;
    };
  }

  /** A tree of at most {@code depth} levels; leaves, arrays and objects weighted 3 : 1 : 2. */
  private static JsonNode node(Random random, int depth) {
    int kind = depth == 0 ? 0 : random.nextInt(6);
    if (kind < 3) {
      return leaf(random);
    }
    int size = random.nextInt(6);
    if (kind == 3) {
      ArrayNode array = NODES.arrayNode();
      for (int i = 0; i < size; i++) {
        array.add(node(random, depth - 1));
      }
      return array;
    }
    ObjectNode object = NODES.objectNode();
    for (int i = 0; i < size; i++) {
      object.set(string(random), node(random, depth - 1));
    }
    return object;
  }

  private static JsonNode leaf(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(anyInt(random));
      case 3 -> NODES.numberNode(anyLong(random));
      case 4 -> NODES.numberNode(bigInteger(random));
      case 5 -> NODES.numberNode(finiteDouble(random));
      default -> NODES.textNode(string(random));
    };
  }

  private static int anyInt(Random random) {
    return random.nextInt(8) == 0
        ? EDGE_INTS[random.nextInt(EDGE_INTS.length)]
        : random.nextInt(4) == 0 ? random.nextInt(2001) - 1000 : random.nextInt();
  }

  private static long anyLong(Random random) {
    return random.nextInt(8) == 0
        ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]
        : random.nextLong();
  }

  /** A BigInteger in [-10^25, 10^25], often near the edges of long and of exact doubles. */
  private static BigInteger bigInteger(Random random) {
    BigInteger value =
        switch (random.nextInt(4)) {
          case 0 ->
              BigInteger.valueOf(EDGE_LONGS[random.nextInt(EDGE_LONGS.length)])
                  .add(BigInteger.valueOf(random.nextInt(5) - 2));
          case 1 -> BIG_BOUND;
          default -> new BigInteger(84, random).mod(BIG_BOUND.add(BigInteger.ONE));
        };
    return random.nextBoolean() ? value : value.negate();
  }

  /** Up to 8 code points: ASCII, the rest of the BMP, supplementary planes, or edge cases. */
  private static String string(Random random) {
    int length = random.nextInt(9);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> 0x80 + random.nextInt(0xd800 - 0x80);
            case 2 -> 0xe000 + random.nextInt(0x110000 - 0xe000);
            default -> EDGE_CODE_POINTS[random.nextInt(EDGE_CODE_POINTS.length)];
          });
    }
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
