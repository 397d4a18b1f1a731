package ai.kiana.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.store.index.IndexHit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decline decision through the hybrid search, on a small real index with the real model. */
class DeclineJudgeTest {

  @TempDir Path dir;
  SearchTestbed search;
  HybridRetriever retriever;

  @BeforeEach
  void open() {
    search = new SearchTestbed(dir);
    retriever = search.retriever;
    search.teach("The Kestrel FF-60 fridge-freezer in the kitchen is defrosted every March.", "en");
    search.teach("Half marathon: Riverside Half in 2025, finish time 1:58:20.", "en");
    search.teach("Our hotel in Porto cost 95 euros per night, breakfast included.", "en");
    search.teach("The tomato varieties in 2024 were Sungold and Black Krim.", "en");
    search.teach("Die Tomatensorten 2025 auf dem Balkon: Berner Rose und Ochsenherz.", "de");
    search.teach(
        "Fehler E21 an der Waschmaschine: Pumpe verstopft, das Flusensieb reinigen.", "de");
    search.teach("Sourdough bread needs a starter that is fed every day.", "en");
  }

  @AfterEach
  void close() {
    search.close();
  }

  boolean declined(String question) {
    return retriever.search(question, 5).declined();
  }

  @Test
  void aModelNumberTheKnowledgeDoesNotHoldIsDeclinedAndTheOneItHoldsIsNot() {
    assertThat(declined("When do I defrost the Kestrel FF-60 fridge-freezer?")).isFalse();
    assertThat(declined("When do I defrost the Kestrel FF-80 fridge-freezer?")).isTrue();
  }

  @Test
  void anotherYearThanTheKnowledgeHoldsIsDeclined() {
    assertThat(declined("Which tomato varieties did we grow in 2024?")).isFalse();
    assertThat(declined("Which tomato varieties did we grow in 2021?")).isTrue();
    assertThat(declined("Welche Tomatensorten hatten wir 2021 auf dem Balkon?")).isTrue();
  }

  @Test
  void anotherCityThanTheKnowledgeHoldsIsDeclinedInAnEnglishQuestion() {
    assertThat(declined("What did our hotel in Porto cost per night?")).isFalse();
    assertThat(declined("What did our hotel in Seville cost per night?")).isTrue();
  }

  @Test
  void anotherRaceThanTheKnowledgeHoldsIsDeclined() {
    assertThat(declined("What was my finish time at the Riverside Half?")).isFalse();
    assertThat(declined("What was my finish time at the Manchester half marathon?")).isTrue();
  }

  @Test
  void aMonthAndAYearFoundOnlyInDifferentPassagesAreNotAnAnswer() {
    search.teach(
        "Book club reading list 2025: in February The Lighthouse Keeper's Daughter.", "en");
    search.teach("Book club: from 2026 on we meet at the library.", "en");
    assertThat(declined("Which book does the book club read in February 2025?")).isFalse();
    assertThat(declined("Which book does the book club read in February 2026?")).isTrue();
  }

  @Test
  void aPassageHoldingTheQuestionsErrorCodeIsNotDeclinedThoughWordedDifferently() {
    // Few shared words and a German question under the English model: the code pins it.
    assertThat(declined("Meine Maschine zeigt E21 und das Wasser bleibt drin – woran lag das?"))
        .isFalse();
  }

  @Test
  void wordsAndVectorsDisagreeWhenTheirBestThreeHitsShareNoBlock() {
    List<IndexHit> words = hits("a", "b", "c", "d");
    assertThat(DeclineJudge.disagree(words, hits("x", "y", "z", "a"))).isTrue();
    assertThat(DeclineJudge.disagree(words, hits("x", "c", "z"))).isFalse();
    // One method alone (a BM25-only or vector-only search) has nothing to disagree with.
    assertThat(DeclineJudge.disagree(words, List.of())).isFalse();
    assertThat(DeclineJudge.disagree(List.of(), words)).isFalse();
  }

  @Test
  void aGermanCompoundCountsAsHeldWhenThePassageHasItsHead() {
    java.util.Map<String, Double> idf = java.util.Map.of("strassenmaut", 5.0, "norweg", 3.0);
    java.util.Set<String> have = java.util.Set.of("maut", "norweg");
    assertThat(DeclineJudge.weightedCoverage(idf, have, true)).isEqualTo(1.0);
    assertThat(DeclineJudge.weightedCoverage(idf, have, false)).isEqualTo(3.0 / 8.0);
    // A head of three letters is too often chance ("rad" in "Kinderrad", "Bad", "Grad").
    assertThat(
            DeclineJudge.weightedCoverage(
                java.util.Map.of("kinderrad", 5.0), java.util.Set.of("rad"), true))
        .isZero();
  }

  static List<IndexHit> hits(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> new IndexHit(id, 1f)).toList();
  }
}
