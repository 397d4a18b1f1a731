package ai.kiana.bench;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.Scope;
import java.util.List;

/**
 * Drafts shaped like an everyday note: a title, about 700 characters of mixed English and German
 * prose (so canonical JSON meets non-ASCII text), a language and two tags. Signed, such a block has
 * about 1 KB of signing bytes. Every number gives a different draft.
 */
final class TypicalBlocks {

  private static final String PROSE =
      "Met Anna at the market on Saturday morning. She recommended the small bakery near the"
          + " river for rye bread and said the Straßenfest next month moves to the old square."
          + " Remember: bring the blue thermos back, ask about the bicycle repair shop, and check"
          + " whether the library extends the loan for the Kochbuch über Österreichische Küche."
          + " Weather was cold but clear; the walk along the water took forty minutes at an easy"
          + " pace. Ideas for the garden: move the rosemary to the sunny corner, try tomatoes in"
          + " the raised bed again, and order seeds before März. Grocery list for next week: Äpfel,"
          + " oats, lentils, coffee, olive oil, two lemons. Call the plumber about the dripping tap"
          + " before it gets worse.";

  private static final List<String> TAGS = List.of("notes", "weekend");

  private TypicalBlocks() {}

  static BlockDraft draft(long n) {
    return new BlockDraft(
        BlockType.NOTE,
        "Notes for the week " + n,
        PROSE + " (" + n + ")",
        "en",
        TAGS,
        null,
        List.of(),
        Scope.PRIVATE);
  }
}
