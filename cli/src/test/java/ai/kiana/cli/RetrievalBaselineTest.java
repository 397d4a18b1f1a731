package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrieval regression gate: the shipped corpus and golden questions must keep hybrid recall@5
 * at or above eval/retrieval/baseline.json. Imports ~230 documents and embeds them: minutes.
 */
@Tag("slow")
class RetrievalBaselineTest {

  static final Path EVAL = Path.of("../eval/retrieval");

  @TempDir Path tmp;

  @Test
  void hybridRecallAt5OnTheShippedCorpusIsNotBelowTheBaseline() {
    Kiana.Result r =
        Kiana.in(tmp.resolve("unused"))
            .run(
                "eval",
                "retrieval",
                "--corpus",
                EVAL.resolve("corpus").toString(),
                "--questions",
                EVAL.toString(),
                "--baseline",
                EVAL.resolve("baseline.json").toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    assertThat(EvalRetrievalTest.lastLineJson(r.out()).path("questions").asInt())
        .isGreaterThanOrEqualTo(60);
  }
}
