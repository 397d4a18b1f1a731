package ai.kiana.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * All UI text comes from the message files, complete in every language: the same keys in each, none
 * empty, and every key the scripts ask for by name exists.
 */
class MessagesTest {

  static final Path APP = Path.of("src/main/resources/kiana/web/app");
  // A flat JSON object of string values, as the message files are written.
  static final Pattern ENTRY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\('([a-zA-Z]+\\.[a-zA-Z.]+)'");
  static final Pattern FEATURE_KEY = Pattern.compile("'(feature\\.[a-z]+)'");

  static Set<String> keys(String lang) throws IOException {
    String text = Files.readString(APP.resolve("i18n/" + lang + ".json"), StandardCharsets.UTF_8);
    Set<String> keys = new TreeSet<>();
    Matcher m = ENTRY.matcher(text);
    while (m.find()) {
      assertThat(m.group(2)).as(lang + " " + m.group(1)).isNotBlank();
      keys.add(m.group(1));
    }
    return keys;
  }

  @Test
  void germanAndEnglishHaveTheSameKeys() throws IOException {
    Set<String> en = keys("en");
    assertThat(en).hasSizeGreaterThan(150);
    assertThat(keys("de")).isEqualTo(en);
  }

  @Test
  void everyKeyTheScriptsUseExists() throws IOException {
    Set<String> en = keys("en");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(APP)) {
      for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        String code = Files.readString(js, StandardCharsets.UTF_8);
        for (Pattern p : new Pattern[] {LITERAL_KEY, FEATURE_KEY}) {
          Matcher m = p.matcher(code);
          while (m.find()) {
            used.add(m.group(1));
          }
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(100);
    assertThat(en).containsAll(used);
  }

  @Test
  void theAppShellHasNoInlineScriptOrStyle() throws IOException {
    String html =
        Files.readString(
            Path.of("src/main/resources/kiana/web/index.html"), StandardCharsets.UTF_8);
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=");
    assertThat(html).doesNotContainPattern("\\son[a-z]+=");
  }

  @Test
  void theFirstLoadStaysUnder300Kilobytes() throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/resources/kiana/web"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(f); // everything, also what the first page does not load
      }
    }
    assertThat(total).isLessThan(300 * 1024);
  }
}
