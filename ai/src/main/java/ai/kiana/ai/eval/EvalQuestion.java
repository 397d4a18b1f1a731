package ai.kiana.ai.eval;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One golden question: {@code {"id", "lang", "question", "file", "must_contain": [...], "answer"}}.
 * {@code file} (relative to the corpus folder) is null for a question the corpus cannot answer.
 */
public record EvalQuestion(
    String id, String lang, String question, String file, List<String> mustContain, String answer) {

  public EvalQuestion {
    mustContain = List.copyOf(mustContain);
  }

  public boolean answerable() {
    return file != null;
  }

  /**
   * Reads question files: each path is a JSON Lines file or a folder, of which every {@code
   * *.jsonl} file is read (sorted by name).
   *
   * @throws IllegalArgumentException naming the file and line of a malformed question
   */
  public static List<EvalQuestion> read(List<Path> paths) {
    List<EvalQuestion> out = new ArrayList<>();
    for (Path p : paths) {
      for (Path f : files(p)) {
        out.addAll(readFile(f));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no questions in " + paths);
    }
    return out;
  }

  private static List<Path> files(Path p) {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + p, e);
    }
  }

  private static List<EvalQuestion> readFile(Path f) {
    List<EvalQuestion> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse(Json.parse(line.getBytes(StandardCharsets.UTF_8))));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              f.getFileName() + " line " + lineNo + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
    return out;
  }

  static EvalQuestion parse(JsonNode n) {
    String question = n.path("question").asText("");
    if (question.isBlank()) {
      throw new IllegalArgumentException("question is missing or empty");
    }
    JsonNode file = n.path("file");
    List<String> must = new ArrayList<>();
    n.path("must_contain").forEach(m -> must.add(m.asText()));
    if (!file.isNull() && !file.isMissingNode() && must.isEmpty()) {
      throw new IllegalArgumentException("an answerable question needs must_contain phrases");
    }
    return new EvalQuestion(
        n.path("id").asText(""),
        n.path("lang").asText("und"),
        question,
        file.isNull() || file.isMissingNode() ? null : file.asText(),
        must,
        n.path("answer").asText(""));
  }
}
