package ai.kiana.core.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Ed25519 test vectors of RFC 8032 section 7.1, read from the test resource. */
final class Rfc8032Vectors {

  record Vector(String name, byte[] seed, byte[] publicKey, byte[] message, byte[] signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String RESOURCE = "rfc8032-ed25519-vectors.txt";
  private static final Pattern MESSAGE_LENGTH =
      Pattern.compile("MESSAGE \\(length (\\d+) bytes\\):");

  private Rfc8032Vectors() {}

  static List<Vector> all() {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = Rfc8032Vectors.class.getResourceAsStream(RESOURCE);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String name = null;
      Map<String, StringBuilder> fields = new LinkedHashMap<>();
      StringBuilder current = null;
      int declaredLength = -1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        line = line.strip();
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        if (line.startsWith("-----")) {
          if (name != null) {
            vectors.add(vector(name, fields, declaredLength));
          }
          name = line.substring(5);
          fields.clear();
          continue;
        }
        Matcher length = MESSAGE_LENGTH.matcher(line);
        if (length.matches()) {
          declaredLength = Integer.parseInt(length.group(1));
          line = "MESSAGE:";
        }
        if (line.endsWith(":")) {
          current = new StringBuilder();
          fields.put(line.substring(0, line.length() - 1), current);
        } else {
          current.append(line);
        }
      }
      vectors.add(vector(name, fields, declaredLength));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return vectors;
  }

  private static Vector vector(String name, Map<String, StringBuilder> fields, int length) {
    HexFormat hex = HexFormat.of();
    byte[] message = hex.parseHex(fields.get("MESSAGE"));
    if (message.length != length) {
      throw new IllegalStateException(
          name + ": message has " + message.length + " bytes, RFC says " + length);
    }
    return new Vector(
        name,
        hex.parseHex(fields.get("SECRET KEY")),
        hex.parseHex(fields.get("PUBLIC KEY")),
        message,
        hex.parseHex(fields.get("SIGNATURE")));
  }
}
