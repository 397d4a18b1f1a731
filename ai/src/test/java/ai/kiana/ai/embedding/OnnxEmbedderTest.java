package ai.kiana.ai.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {

  static OnnxEmbedder embedder;

  static final List<String> SENTENCES =
      List.of(
          "The Earth orbits the Sun once a year.",
          "Die Erde umkreist die Sonne einmal im Jahr, über 150 Millionen Kilometer.",
          "Café naïve résumé — with accents, dashes & (brackets)!",
          "A short one.",
          "Tokenizers split unbelievably long words into word-pieces: antidisestablishmentarianism.",
          "   spaces\tand\nnewlines   ",
          "数字 and CJK 字符 mixed in.");

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.bundled();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  @Test
  void bundledModelGivesTheSameVectorsAsLangchain4jsOwnPipeline() {
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    for (String s : SENTENCES) {
      float[] theirs = reference.embed(s).content().vector();
      assertThat(dot(embedder.embed(s), theirs)).as(s).isGreaterThan(0.9999);
    }
  }

  /**
   * The int8 model quantizes its activations with a range taken over the whole batch, so a text's
   * vector moves a little with its batch companions and its padding; the direction stays.
   */
  @Test
  void paddedBatchGivesNearlyTheSameVectorsAsOneTextAtATime() {
    List<float[]> batch = embedder.embedAll(SENTENCES);
    for (int i = 0; i < SENTENCES.size(); i++) {
      assertThat(dot(batch.get(i), embedder.embed(SENTENCES.get(i)))).isGreaterThan(0.98);
    }
  }

  @Test
  void vectorsAreUnitLengthWith384Dimensions() {
    float[] v = embedder.embed("hello world");
    assertThat(embedder.dimension()).isEqualTo(384);
    assertThat(v).hasSize(384);
    assertThat(dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void paraphraseIsCloserThanAnUnrelatedSentence() {
    List<float[]> v =
        embedder.embedAll(
            List.of(
                "How far is the Moon from the Earth?",
                "The distance between Earth and Moon is about 384,000 km.",
                "Bake the bread for forty minutes at 220 degrees."));
    assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)) + 0.2);
  }

  @Test
  void veryLongTextIsCutNotRejected() {
    List<String> texts = new ArrayList<>();
    texts.add("word ".repeat(100_000));
    texts.add("");
    List<float[]> v = embedder.embedAll(texts);
    assertThat(v).hasSize(2);
    assertThat(v.get(0)).hasSize(384);
  }
}
