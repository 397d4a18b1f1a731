package ai.kiana.core.block;

import java.util.List;

/** Told about blocks just committed to the store, see {@link KnowledgeBase#addListener}. */
@FunctionalInterface
public interface BlockListener {

  /**
   * Called on the storing thread after the commit; must not throw for blocks it cannot use. A block
   * may be announced more than once.
   */
  void stored(List<KnowledgeBlock> blocks);
}
