package ai.kiana.core.block;

import java.util.List;

/**
 * A stored block with what a reader needs to trust it: whether it verifies, which blocks supersede
 * it, and whether one of those is a retraction.
 */
public record BlockView(
    KnowledgeBlock block,
    Verification verification,
    List<BlockId> supersededBy,
    boolean retracted) {

  public BlockView {
    supersededBy = List.copyOf(supersededBy);
  }

  public boolean live() {
    return supersededBy.isEmpty();
  }
}
