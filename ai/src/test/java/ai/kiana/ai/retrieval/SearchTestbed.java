package ai.kiana.ai.retrieval;

import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.util.List;

/**
 * A knowledge base in memory with its search index in {@code dir} and the hybrid retriever over the
 * bundled model (loaded once per process, as a node does), for tests of searching.
 */
public final class SearchTestbed implements AutoCloseable {

  public final InMemoryBlockStore store = new InMemoryBlockStore();
  public final KnowledgeBase knowledge;
  public final KnowledgeIndex index;
  public final HybridRetriever retriever;

  public SearchTestbed(Path dir) {
    knowledge =
        new KnowledgeBase(
            store, new TestBlocks().author(), new BlockVerifier(Ed25519Engines.fastest()));
    index =
        new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), OnnxEmbedder.bundled());
    index.ensureConsistent();
    knowledge.addListener(index);
    retriever = new HybridRetriever(index);
  }

  /** Adds a private fact in {@code lang} ("de", "en" or null to guess). */
  public KnowledgeBlock teach(String text, String lang) {
    return knowledge.add(
        new BlockDraft(BlockType.FACT, "", text, lang, List.of(), null, List.of(), Scope.PRIVATE));
  }

  @Override
  public void close() {
    index.close();
  }
}
