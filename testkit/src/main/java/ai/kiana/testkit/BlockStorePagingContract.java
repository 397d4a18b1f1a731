package ai.kiana.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.PageCursor;
import ai.kiana.core.clock.HlcTimestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyset paging: newest first by (created, id), every block once, cursors that survive writes. */
public interface BlockStorePagingContract extends BlockStoreFixture {

  Comparator<KnowledgeBlock> NEWEST_FIRST = InMemoryBlockStore.OLDEST_FIRST.reversed();

  @Test
  default void pagesWalkEveryBlockExactlyOnceNewestFirst() {
    List<KnowledgeBlock> all = new ArrayList<>(blocks().random(137));
    store().putAll(all);

    List<KnowledgeBlock> walked = walk(BlockQuery.all().withLimit(10));

    all.sort(NEWEST_FIRST);
    assertThat(walked).containsExactlyElementsOf(all);
  }

  @Test
  default void blocksSharingACreatedTimeAreOrderedByIdAcrossPages() {
    HlcTimestamp moment = new HlcTimestamp(blocks().clock().millis(), 3);
    List<KnowledgeBlock> twins = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      twins.add(blocks().signAt(BlockDraft.fact("twin " + i), moment));
    }
    store().putAll(twins);

    List<KnowledgeBlock> walked = walk(BlockQuery.all().withLimit(2));

    twins.sort(NEWEST_FIRST);
    assertThat(walked).containsExactlyElementsOf(twins);
    assertThat(walked.get(0).id()).isGreaterThan(walked.get(1).id());
  }

  @Test
  default void lastPageHasNoCursorEvenWhenItIsFull() {
    store().putAll(blocks().random(6));

    BlockPage first = store().query(BlockQuery.all().withLimit(3));
    BlockPage second = store().query(BlockQuery.all().withLimit(3).withAfter(first.next()));

    assertThat(first.next()).isNotNull();
    assertThat(second.blocks()).hasSize(3);
    assertThat(second.next()).isNull();
  }

  @Test
  default void emptyStoreGivesOneEmptyLastPage() {
    BlockPage page = store().query(BlockQuery.all());

    assertThat(page.blocks()).isEmpty();
    assertThat(page.next()).isNull();
  }

  @Test
  default void cursorWorksAfterATripThroughItsToken() {
    List<KnowledgeBlock> all = new ArrayList<>(blocks().random(5));
    store().putAll(all);

    BlockPage first = store().query(BlockQuery.all().withLimit(2));
    PageCursor parsed = PageCursor.parse(first.next().token());
    BlockPage second = store().query(BlockQuery.all().withLimit(2).withAfter(parsed));

    all.sort(NEWEST_FIRST);
    assertThat(second.blocks()).containsExactly(all.get(2), all.get(3));
  }

  @Test
  default void pagingHonoursFiltersOnEveryPage() {
    List<KnowledgeBlock> all = blocks().random(120);
    store().putAll(all);
    BlockQuery tagged = new BlockQuery(null, "work", null, null, null, null, true, null, 4);

    List<KnowledgeBlock> walked = walk(tagged);

    List<KnowledgeBlock> expected =
        all.stream().filter(b -> b.tags().contains("work")).sorted(NEWEST_FIRST).toList();
    assertThat(expected).isNotEmpty();
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  @Test
  default void scopeFilterReturnsOnlyBlocksOfTheAskedScopes() {
    List<KnowledgeBlock> all = new ArrayList<>();
    for (ai.kiana.core.block.Scope s : ai.kiana.core.block.Scope.values()) {
      for (int i = 0; i < 3; i++) {
        all.add(
            blocks()
                .sign(
                    new ai.kiana.core.block.BlockDraft(
                        ai.kiana.core.block.BlockType.NOTE,
                        "",
                        s.wireName() + " note " + i,
                        "en",
                        List.of(),
                        null,
                        List.of(),
                        s)));
      }
    }
    store().putAll(all);
    var wanted =
        java.util.Set.of(ai.kiana.core.block.Scope.HOUSEHOLD, ai.kiana.core.block.Scope.PUBLIC);

    List<KnowledgeBlock> walked = walk(BlockQuery.all().withLimit(2).withScopes(wanted));

    List<KnowledgeBlock> expected =
        all.stream().filter(b -> wanted.contains(b.scope())).sorted(NEWEST_FIRST).toList();
    assertThat(walked).hasSize(6).containsExactlyElementsOf(expected);
  }

  @Test
  default void newerBlocksArrivingBetweenPagesDoNotShiftTheWalk() {
    List<KnowledgeBlock> all = new ArrayList<>(blocks().random(9));
    store().putAll(all);

    BlockPage first = store().query(BlockQuery.all().withLimit(3));
    store().putAll(blocks().random(5));
    List<KnowledgeBlock> rest = walk(BlockQuery.all().withLimit(3).withAfter(first.next()));

    all.sort(NEWEST_FIRST);
    assertThat(first.blocks()).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(rest).containsExactlyElementsOf(all.subList(3, 9));
  }

  private List<KnowledgeBlock> walk(BlockQuery query) {
    List<KnowledgeBlock> out = new ArrayList<>();
    BlockQuery q = query;
    for (int pages = 0; pages < 10_000; pages++) {
      BlockPage page = store().query(q);
      assertThat(page.blocks()).hasSizeLessThanOrEqualTo(q.limit());
      out.addAll(page.blocks());
      if (page.next() == null) {
        return out;
      }
      q = q.withAfter(page.next());
    }
    throw new AssertionError("paging did not end");
  }
}
