package ai.kiana.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listing with filters, and which blocks count as live. Results are newest first. */
public interface BlockStoreQueryContract extends BlockStoreFixture {

  @Test
  default void typeFilterKeepsOnlyTheAskedTypes() {
    KnowledgeBlock fact = blocks().fact("a fact");
    KnowledgeBlock note = blocks().block(BlockType.NOTE, "", "a note");
    KnowledgeBlock memory = blocks().block(BlockType.MEMORY, "", "a memory");
    store().putAll(List.of(fact, note, memory));

    assertThat(list(query(Set.of(BlockType.FACT, BlockType.MEMORY), null, null, null)))
        .containsExactly(memory, fact);
  }

  @Test
  default void tagFilterMatchesWholeTagsOnly() {
    KnowledgeBlock home = blocks().block(BlockType.NOTE, "", "at home", "home", "kitchen");
    KnowledgeBlock work = blocks().block(BlockType.NOTE, "", "at work", "work");
    KnowledgeBlock homework = blocks().block(BlockType.NOTE, "", "homework", "homework");
    store().putAll(List.of(home, work, homework));

    assertThat(list(query(null, "home", null, null))).containsExactly(home);
    assertThat(list(query(null, "kitchen", null, null))).containsExactly(home);
    assertThat(list(query(null, "hom", null, null))).isEmpty();
  }

  @Test
  default void authorFilterKeepsOneDevicesBlocks() {
    TestBlocks other = new TestBlocks(2);
    KnowledgeBlock mine = blocks().fact("mine");
    KnowledgeBlock theirs = other.fact("theirs");
    store().putAll(List.of(mine, theirs));

    DeviceId them = other.identity().deviceId();
    assertThat(list(query(null, null, them, null))).containsExactly(theirs);
  }

  /** Case is ignored the way {@code String.toLowerCase(Locale.ROOT)} does it: ß stays ß. */
  @ParameterizedTest(name = "\"{1}\" in \"{0}\": {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Apfelkuchen mit Zimt | APFEL   | true",
        "Apfelkuchen mit Zimt | zimt    | true",
        "ÄPFEL UND BIRNEN     | äpfel   | true",
        "ΣΟΦΙΑ                | σοφια   | true",
        "Straße               | STRASSE | false",
        "costs 100% more      | 100%    | true",
        "snake_case_name      | e_c     | true",
        "a\\b!c[d]^$         | \\B!C[D]^$ | true",
        "Apfelkuchen mit Zimt | Birne   | false"
      })
  default void textFilterIgnoresCaseAndTakesEveryCharacterLiterally(
      String content, String needle, boolean found) {
    KnowledgeBlock target = blocks().fact(content);
    // The decoy matches if % or _ in the needle acted as wildcards.
    store().putAll(List.of(target, blocks().fact("1000 snakeXcase a_b_c[d]")));

    assertThat(list(query(null, null, null, needle)))
        .isEqualTo(found ? List.of(target) : List.of());
  }

  @Test
  default void wildcardCharactersInTheTextAreNotWildcards() {
    store().putAll(List.of(blocks().fact("1000 items"), blocks().fact("snakeXcase")));

    assertThat(list(query(null, null, null, "10%"))).isEmpty();
    assertThat(list(query(null, null, null, "e_c"))).isEmpty();
    assertThat(list(query(null, null, null, "%"))).isEmpty();
  }

  @Test
  default void textFilterLooksAtTitleAndContent() {
    KnowledgeBlock byTitle = blocks().block(BlockType.NOTE, "Einkaufsliste", "Milch, Brot");
    KnowledgeBlock byContent =
        blocks().block(BlockType.NOTE, "Notiz", "die Einkaufsliste liegt oben");
    KnowledgeBlock neither = blocks().block(BlockType.NOTE, "Einkauf", "Liste");
    store().putAll(List.of(byTitle, byContent, neither));

    assertThat(list(query(null, null, null, "einkaufsliste"))).containsExactly(byContent, byTitle);
  }

  @Test
  default void fromIsInclusiveAndToIsExclusive() {
    KnowledgeBlock early = blocks().fact("early");
    Instant middleAt = blocks().clock().advance(Duration.ofSeconds(1));
    KnowledgeBlock middle = blocks().fact("middle");
    Instant lateAt = blocks().clock().advance(Duration.ofSeconds(1));
    KnowledgeBlock late = blocks().fact("late");
    store().putAll(List.of(early, middle, late));

    assertThat(list(between(middleAt, lateAt))).containsExactly(middle);
    assertThat(list(between(middleAt.plusNanos(500_000), lateAt.plusNanos(1))))
        .containsExactly(late);
    assertThat(list(between(null, middleAt))).containsExactly(early);
    assertThat(list(between(middleAt, null))).containsExactly(late, middle);
    assertThat(list(between(Instant.EPOCH, Instant.MAX))).hasSize(3);
  }

  @Test
  default void filtersCombine() {
    KnowledgeBlock hit = blocks().block(BlockType.NOTE, "", "rezept für brot", "recipes");
    store()
        .putAll(
            List.of(
                hit,
                blocks().block(BlockType.FACT, "", "rezept für brot", "recipes"),
                blocks().block(BlockType.NOTE, "", "rezept für kuchen", "recipes"),
                blocks().block(BlockType.NOTE, "", "rezept für brot", "travel")));

    assertThat(
            list(query(Set.of(BlockType.NOTE), "recipes", blocks().identity().deviceId(), "BROT")))
        .containsExactly(hit);
  }

  @Test
  default void supersededBlocksAreHiddenOnlyWhenLiveOnly() {
    KnowledgeBlock v1 = blocks().fact("v1");
    KnowledgeBlock v2 = blocks().edit(v1, "v2");
    store().putAll(List.of(v1, v2));

    assertThat(list(BlockQuery.all())).containsExactly(v2);
    assertThat(list(everything())).containsExactly(v2, v1);
  }

  @Test
  default void retractionHidesItselfAndWhatItRetracts() {
    KnowledgeBlock gone = blocks().fact("gone");
    KnowledgeBlock stays = blocks().fact("stays");
    KnowledgeBlock retraction = blocks().retraction(gone);
    store().putAll(List.of(gone, stays, retraction));

    assertThat(list(BlockQuery.all())).containsExactly(stays);
    assertThat(list(everything())).containsExactly(retraction, stays, gone);
  }

  @Test
  default void retractionsAreListedWhenTheTypeFilterAsksForThem() {
    KnowledgeBlock gone = blocks().fact("gone");
    KnowledgeBlock retraction = blocks().retraction(gone);
    store().putAll(List.of(gone, retraction));

    assertThat(list(query(Set.of(BlockType.RETRACTION), null, null, null)))
        .containsExactly(retraction);
    assertThat(list(query(Set.of(BlockType.RETRACTION, BlockType.FACT), null, null, null)))
        .containsExactly(retraction);
  }

  @Test
  default void concurrentEditsStayLiveSideBySideUntilResolved() {
    KnowledgeBlock original = blocks().fact("v1");
    KnowledgeBlock ours = blocks().edit(original, "ours");
    KnowledgeBlock theirs = new TestBlocks(2).edit(original, "theirs");
    store().putAll(List.of(original, ours, theirs));

    assertThat(list(BlockQuery.all())).containsExactlyInAnyOrder(ours, theirs);

    KnowledgeBlock resolved = blocks().merge("resolved", ours, theirs);
    store().put(resolved);
    assertThat(list(BlockQuery.all())).containsExactly(resolved);
  }

  private List<KnowledgeBlock> list(BlockQuery q) {
    return store().query(q).blocks();
  }

  private static BlockQuery query(Set<BlockType> types, String tag, DeviceId author, String text) {
    return new BlockQuery(types, tag, author, text, null, null, true, null, BlockQuery.MAX_LIMIT);
  }

  private static BlockQuery between(Instant from, Instant to) {
    return new BlockQuery(null, null, null, null, from, to, true, null, BlockQuery.MAX_LIMIT);
  }

  private static BlockQuery everything() {
    return new BlockQuery(null, null, null, null, null, null, false, null, BlockQuery.MAX_LIMIT);
  }
}
