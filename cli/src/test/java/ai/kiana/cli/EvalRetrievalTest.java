package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRetrievalTest {

  static final Path MINI = Path.of("src/test/resources/retrieval-mini");

  @TempDir Path tmp;

  static JsonNode lastLineJson(String out) {
    List<String> lines = out.strip().lines().toList();
    return Json.parse(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scoresEveryMethodOverallAndPerLanguageAndEndsWithJson() {
    Kiana.Result r =
        Kiana.in(tmp.resolve("unused"))
            .ok(
                "eval",
                "retrieval",
                "--corpus",
                MINI.resolve("corpus").toString(),
                "--questions",
                MINI.resolve("questions.jsonl").toString());
    JsonNode json = lastLineJson(r.out());
    assertThat(json.path("questions").asInt()).isEqualTo(9);
    for (String method : List.of("bm25", "vector", "hybrid")) {
      assertThat(json.path(method).path("n").asInt()).isEqualTo(7);
      assertThat(json.path(method).path("by_lang").path("de").path("n").asInt()).isEqualTo(2);
      assertThat(json.path(method).path("by_lang").path("en").path("n").asInt()).isEqualTo(5);
    }
    assertThat(json.path("hybrid").path("recall_at_5").asDouble()).isGreaterThanOrEqualTo(0.85);
    assertThat(json.path("unanswerable").path("n").asInt()).isEqualTo(2);
    assertThat(r.out()).contains("recall@1").contains("imported 5 documents");
    assertThat(tmp.resolve("unused")).doesNotExist();
  }

  @Test
  void runBelowTheBaselineFails() throws Exception {
    Path baseline = Files.writeString(tmp.resolve("b.json"), "{\"hybrid_recall_at_5\": 1.01}");
    Kiana.Result r =
        Kiana.in(tmp.resolve("unused"))
            .run(
                "eval",
                "retrieval",
                "--corpus",
                MINI.resolve("corpus").toString(),
                "--questions",
                MINI.toString(),
                "--baseline",
                baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("below the baseline 1.010");
  }

  @Test
  void malformedQuestionFileIsAUsageErrorNamingTheLine() throws Exception {
    Path q = Files.writeString(tmp.resolve("q.jsonl"), "{\"id\":\"a\",\"question\":\"\"}\n");
    Kiana.Result r =
        Kiana.in(tmp.resolve("unused"))
            .run(
                "eval",
                "retrieval",
                "--corpus",
                MINI.resolve("corpus").toString(),
                "--questions",
                q.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("q.jsonl line 1").contains("question is missing or empty");
  }
}
