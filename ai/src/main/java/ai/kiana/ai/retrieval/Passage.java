package ai.kiana.ai.retrieval;

import ai.kiana.core.block.KnowledgeBlock;
import java.util.Objects;

/**
 * One retrieved block with its fused score (higher is better) and the part of its content that
 * matched best, for citations.
 */
public record Passage(KnowledgeBlock block, double score, String snippet) {

  public Passage {
    Objects.requireNonNull(block, "block");
    snippet = snippet == null ? "" : snippet;
  }
}
