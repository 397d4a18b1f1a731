package ai.kiana.ai.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits text into sentences: after . ! ? followed by white space, and at line breaks. */
public final class Sentences {

  private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])\\s+|\\s*\\n+\\s*");

  private Sentences() {}

  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    for (String s : BOUNDARY.split(text == null ? "" : text)) {
      String t = s.strip();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
