package ai.kiana.ai.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkerTest {

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L);
  }

  static String randomText(Random r) {
    StringBuilder sb = new StringBuilder();
    int paragraphs = 1 + r.nextInt(12);
    for (int p = 0; p < paragraphs; p++) {
      int sentences = 1 + r.nextInt(10);
      for (int s = 0; s < sentences; s++) {
        int words = 1 + r.nextInt(r.nextInt(10) == 0 ? 400 : 25);
        for (int w = 0; w < words; w++) {
          sb.append("w").append(r.nextInt(1000)).append(' ');
        }
        sb.setLength(sb.length() - 1);
        sb.append(". ");
      }
      sb.append("\n\n");
    }
    return sb.toString();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyChunkFitsAndEveryWordIsKept(long seed) {
    Random r = new Random(seed);
    Chunker chunker = new Chunker(300, 60);
    String text = randomText(r);
    List<String> chunks = chunker.split(text);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(300));
    String joined = String.join(" ", chunks);
    for (String word : text.split("[\\s.]+")) {
      if (!word.isEmpty()) {
        assertThat(joined).contains(word);
      }
    }
  }

  @Test
  void consecutiveChunksOverlapBySentences() {
    String text =
        "First sentence is here. Second sentence follows it. Third sentence is longer than the"
            + " others. Fourth sentence ends the paragraph. Fifth one starts anew. Sixth closes.";
    List<String> chunks = new Chunker(80, 35).split(text);
    assertThat(chunks.size()).isGreaterThan(1);
    for (int i = 1; i < chunks.size(); i++) {
      String prev = chunks.get(i - 1);
      String lastSentence = prev.substring(prev.lastIndexOf(". ", prev.length() - 2) + 2);
      if (lastSentence.length() < 35) {
        assertThat(chunks.get(i)).startsWith(lastSentence);
      }
    }
  }

  @Test
  void blankTextHasNoChunks() {
    assertThat(Chunker.defaults().split(" \n\n \t ")).isEmpty();
  }
}
