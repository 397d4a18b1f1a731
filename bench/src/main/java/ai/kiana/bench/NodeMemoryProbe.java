package ai.kiana.bench;

import ai.kiana.ai.embedding.EmbedderConfig;
import ai.kiana.ai.embedding.LazyEmbedder;
import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.KnowledgeIndex;
import ai.kiana.core.block.BlockStore;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.index.BlockIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The search side of a node in a process of its own, as a user runs it: opens a store and index
 * that {@link RetrievalBench} built, loads the model the way a node does ({@link LazyEmbedder} with
 * the default config), answers the given questions end to end (embedding included) and prints one
 * line: {@code rss=… anon=… file=… heap=… p50=… p99=…} (bytes, nanoseconds). RetrievalBench starts
 * it as a child JVM with the launcher's options, so the resident set is the node's, without the
 * benchmark's own vectors and blocks.
 *
 * <p>Usage: {@code NodeMemoryProbe <sqlite file> <index dir> <questions file>}
 */
public final class NodeMemoryProbe {

  private NodeMemoryProbe() {}

  public static void main(String[] args) throws IOException {
    Path db = Path.of(args[0]);
    Path indexDir = Path.of(args[1]);
    List<String> questions = Files.readAllLines(Path.of(args[2]));
    try (BlockStore store = StoreFactory.open(new StoreConfig("jdbc:sqlite:" + db, null, null));
        LazyEmbedder embedder = new LazyEmbedder(EmbedderConfig.defaults());
        KnowledgeIndex index = new KnowledgeIndex(store, BlockIndex.open(indexDir), embedder)) {
      HybridRetriever retriever = new HybridRetriever(index);
      long[] took = new long[questions.size()];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < questions.size(); i++) {
          long t = System.nanoTime();
          retriever.search(questions.get(i), 5);
          took[i] = System.nanoTime() - t;
        }
      }
      Arrays.sort(took);
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "rss=%d anon=%d file=%d heap=%d p50=%d p99=%d%n",
          RetrievalMemory.rssBytes("VmRSS:"),
          RetrievalMemory.rssBytes("RssAnon:"),
          RetrievalMemory.rssBytes("RssFile:"),
          rt.totalMemory(),
          took[took.length / 2],
          took[took.length * 99 / 100]);
    }
  }
}
