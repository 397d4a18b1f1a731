package ai.kiana.core.block;

import java.util.List;

/** One page of a listing; {@code next} is null on the last page. */
public record BlockPage(List<KnowledgeBlock> blocks, PageCursor next) {

  public BlockPage {
    blocks = List.copyOf(blocks);
  }

  /** Builds a page from up to limit+1 rows: the extra row only tells that there is more. */
  public static BlockPage ofOverfetched(List<KnowledgeBlock> rows, int limit) {
    if (rows.size() <= limit) {
      return new BlockPage(rows, null);
    }
    List<KnowledgeBlock> page = rows.subList(0, limit);
    return new BlockPage(page, PageCursor.of(page.get(limit - 1)));
  }
}
