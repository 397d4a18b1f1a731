package ai.kiana.core.block;

import java.util.List;

/**
 * A stored block with what a reader needs to trust it: whether it verifies, which blocks supersede
 * it, whether one of those is a retraction, and the concurrent edits in conflict over it.
 *
 * @param conflict the live edits (not retractions) of this block when there are two or more, e.g.
 *     made on two devices during a partition; empty once a block supersedes all but one of them
 */
public record BlockView(
    KnowledgeBlock block,
    Verification verification,
    List<BlockId> supersededBy,
    boolean retracted,
    List<BlockId> conflict) {

  public BlockView {
    supersededBy = List.copyOf(supersededBy);
    conflict = List.copyOf(conflict);
  }

  public BlockView(
      KnowledgeBlock block,
      Verification verification,
      List<BlockId> supersededBy,
      boolean retracted) {
    this(block, verification, supersededBy, retracted, List.of());
  }

  public boolean live() {
    return supersededBy.isEmpty();
  }
}
