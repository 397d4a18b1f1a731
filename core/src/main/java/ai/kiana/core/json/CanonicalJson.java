package ai.kiana.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the byte form that block ids and signatures are
 * computed over.
 *
 * <p>Object members are sorted by the UTF-16 code units of their names; strings are escaped
 * minimally (only {@code \" \\ \b \f \n \r \t} and {@code \}{@code u00xx} for other control
 * characters); numbers are written as ECMAScript would write the nearest double, so integers beyond
 * 2^53 and decimals lose precision exactly as they would in JavaScript. No whitespace.
 *
 * <p>Thread-safe. Trees that have no canonical form (NaN, infinities, lone surrogates, binary or
 * POJO nodes) are rejected with a {@link JsonFormatException} whose {@link
 * JsonFormatException#pointer() pointer} names the offending node.
 */
public final class CanonicalJson {

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final long EXACT_INTEGERS = 1L << 53;

  // One growable buffer per thread: canonicalization runs on every signature and verification,
  // and most blocks fit in the initial size, so the only allocation is the result.
  private static final ThreadLocal<Utf8Buffer> BUFFER = ThreadLocal.withInitial(Utf8Buffer::new);

  private CanonicalJson() {}

  /**
   * The canonical form of {@code value} as UTF-8 bytes (a fresh array the caller owns).
   *
   * @throws JsonFormatException if some node has no canonical form
   */
  public static byte[] canonicalize(JsonNode value) {
    Objects.requireNonNull(value, "value");
    Utf8Buffer buffer = BUFFER.get();
    buffer.reset();
    try {
      write(value, buffer);
      return buffer.toByteArray();
    } catch (NodeProblem e) {
      throw JsonFormatException.inTree(e.problem, e.pointer());
    } finally {
      buffer.trim();
    }
  }

  /** The canonical form of {@code value} as a string; see {@link #canonicalize(JsonNode)}. */
  public static String canonicalString(JsonNode value) {
    return new String(canonicalize(value), StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, Utf8Buffer out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? TRUE : FALSE);
      case NULL -> out.append(NULL);
      default -> throw new NodeProblem(node.getNodeType() + " node has no JSON text form");
    }
  }

  private static void writeObject(JsonNode node, Utf8Buffer out) {
    String[] names = new String[node.size()];
    int count = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names[count++] = it.next();
    }
    // String.compareTo compares UTF-16 code units, which is exactly RFC 8785's order.
    Arrays.sort(names);
    out.append('{');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      String name = names[i];
      // A bad name is reported at its object, since the name cannot be part of a usable pointer.
      writeString(name, out);
      out.append(':');
      try {
        write(node.get(name), out);
      } catch (NodeProblem e) {
        throw e.under(name);
      }
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, Utf8Buffer out) {
    out.append('[');
    for (int i = 0, size = node.size(); i < size; i++) {
      if (i > 0) {
        out.append(',');
      }
      try {
        write(node.get(i), out);
      } catch (NodeProblem e) {
        throw e.under(Integer.toString(i));
      }
    }
    out.append(']');
  }

  private static void writeNumber(JsonNode node, Utf8Buffer out) {
    out.ensure(EcmaNumbers.MAX_LENGTH);
    switch (node.numberType()) {
      case INT -> out.length = EcmaNumbers.writeLong(node.intValue(), out.bytes, out.length);
      case LONG, BIG_INTEGER -> {
        // Exact integers print as they are; larger ones become the nearest double, as in JS.
        long value = node.longValue();
        if (node.canConvertToLong() && value >= -EXACT_INTEGERS && value <= EXACT_INTEGERS) {
          out.length = EcmaNumbers.writeLong(value, out.bytes, out.length);
        } else {
          writeDouble(node.doubleValue(), out);
        }
      }
      default -> writeDouble(node.doubleValue(), out);
    }
  }

  private static void writeDouble(double value, Utf8Buffer out) {
    if (Double.isNaN(value)) {
      throw new NodeProblem("NaN is not a JSON number");
    }
    if (Double.isInfinite(value)) {
      throw new NodeProblem("number is outside the range of an IEEE 754 double");
    }
    out.length = EcmaNumbers.write(value, out.bytes, out.length);
  }

  private static void writeString(String s, Utf8Buffer out) {
    int length = s.length();
    // Three bytes per char covers all but the six-byte escapes of control characters (see below).
    out.ensure(3 * length + 2);
    byte[] b = out.bytes;
    int p = out.length;
    b[p++] = '"';
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
          continue;
        }
        switch (c) {
          case '"' -> p = escape(b, p, '"');
          case '\\' -> p = escape(b, p, '\\');
          case '\b' -> p = escape(b, p, 'b');
          case '\f' -> p = escape(b, p, 'f');
          case '\n' -> p = escape(b, p, 'n');
          case '\r' -> p = escape(b, p, 'r');
          case '\t' -> p = escape(b, p, 't');
          default -> {
            out.length = p;
            out.ensure(6 + 3 * (length - i));
            b = out.bytes;
            b[p++] = '\\';
            b[p++] = 'u';
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xf];
          }
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xf0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        throw new NodeProblem(
            String.format("string has a lone surrogate U+%04X at index %d", (int) c, i));
      }
    }
    b[p++] = '"';
    out.length = p;
  }

  private static int escape(byte[] b, int p, char c) {
    b[p] = '\\';
    b[p + 1] = (byte) c;
    return p + 2;
  }

  /** Unwinds from a bad node to the root, collecting the JSON Pointer on the way. */
  private static final class NodeProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String problem;
    private final transient Deque<String> path = new ArrayDeque<>();

    NodeProblem(String problem) {
      super(problem, null, false, false);
      this.problem = problem;
    }

    NodeProblem under(String segment) {
      path.addFirst(segment);
      return this;
    }

    String pointer() {
      StringBuilder pointer = new StringBuilder();
      for (String segment : path) {
        pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
      }
      return pointer.toString();
    }
  }
}
