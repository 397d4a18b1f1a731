package ai.kiana.ai.retrieval;

import ai.kiana.ai.documents.Chunker;
import ai.kiana.ai.documents.DocumentImporter;
import ai.kiana.ai.embedding.Embedder;
import ai.kiana.ai.embedding.EmbedderConfig;
import ai.kiana.ai.embedding.LazyEmbedder;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.store.index.BlockIndex;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Everything a node needs to search its knowledge, opened together: the embedder, the Lucene index
 * kept in step with the store, the hybrid retriever and the document importer. The composition root
 * opens one per node; closing it closes the index and the embedder.
 */
public final class KnowledgeSearch implements AutoCloseable {

  private final Embedder embedder;
  private final KnowledgeIndex index;
  private final HybridRetriever retriever;
  private final DocumentImporter importer;

  private KnowledgeSearch(Embedder embedder, KnowledgeIndex index, KnowledgeBase knowledge) {
    this.embedder = embedder;
    this.index = index;
    this.retriever = new HybridRetriever(index);
    this.importer =
        new DocumentImporter(knowledge, index.index(), Chunker.defaults(), index::optimize);
  }

  /**
   * Opens the index in {@code indexDir}, brings it up to the store if a crash, restore or model
   * change left it behind, and subscribes it to every block the knowledge base stores from now on.
   *
   * @throws ai.kiana.store.index.IndexException if the index cannot be opened (e.g. another process
   *     holds it)
   */
  public static KnowledgeSearch open(
      Path indexDir, EmbedderConfig config, KnowledgeBase knowledge, BlockStore store) {
    Embedder embedder = new LazyEmbedder(config);
    BlockIndex lucene = BlockIndex.open(indexDir);
    try {
      KnowledgeIndex index = new KnowledgeIndex(store, lucene, embedder);
      index.ensureConsistent();
      knowledge.addListener(index);
      return new KnowledgeSearch(embedder, index, knowledge);
    } catch (RuntimeException e) {
      lucene.close();
      throw e;
    }
  }

  public HybridRetriever retriever() {
    return retriever;
  }

  public DocumentImporter importer() {
    return importer;
  }

  public KnowledgeIndex index() {
    return index;
  }

  public Embedder embedder() {
    return embedder;
  }

  /** Rebuilds the index from the store ({@code kiana reindex}); returns the blocks indexed. */
  public long reindex(LongConsumer progress) {
    return index.rebuild(progress);
  }

  @Override
  public void close() {
    try {
      index.close();
    } finally {
      embedder.close();
    }
  }
}
