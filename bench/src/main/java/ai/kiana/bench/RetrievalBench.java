package ai.kiana.bench;

import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.KnowledgeIndex;
import ai.kiana.ai.retrieval.SearchMode;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.store.index.IndexEntry;
import ai.kiana.store.index.IndexHit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Embedding and retrieval figures of issue 4: one-sentence embedding latency, batch throughput
 * against one text at a time, indexing rate including embedding, hybrid query latency over N chunks
 * (query embedding excluded), HNSW recall@10 against a brute-force scan of the same vectors, and
 * the process's resident memory with the model and index loaded.
 *
 * <p>Chunk texts are made of real sentences of the retrieval corpus (eval/retrieval/corpus), three
 * at random per chunk, so term statistics and vectors look like real documents. Their embeddings
 * are cached in bench/target (the first full run embeds 100,000 chunks, several minutes).
 */
public final class RetrievalBench {

  static final int FULL_CHUNKS = 100_000;
  static final int QUICK_CHUNKS = 3_000;

  private final boolean quick;
  private final int chunkCount;
  private final PrintStream out;
  private final RetrievalCorpus corpus;
  private final RetrievalMemory memory;

  RetrievalBench(boolean quick, int chunkCount, PrintStream out, Path root) {
    this.quick = quick;
    this.chunkCount = chunkCount;
    this.out = out;
    this.corpus = new RetrievalCorpus(root, out);
    this.memory = new RetrievalMemory(out);
  }

  /** {@code [--quick] [--chunks N]}: N chunks for the search figures (default 100,000). */
  public static void main(String[] args) throws Exception {
    Bench.quietLogs();
    boolean quick = false;
    int chunks = -1;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(Bench.QUICK_FLAG)) {
        quick = true;
      } else if (args[i].equals("--chunks") && i + 1 < args.length) {
        chunks = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException(
            "unknown argument '" + args[i] + "'; options: --quick, --chunks N");
      }
    }
    if (chunks < 0) {
      chunks = quick ? QUICK_CHUNKS : FULL_CHUNKS;
    }
    Path root = Path.of(System.getProperty("kiana.root", "."));
    Bench.header(
        System.out, "RetrievalBench" + (quick ? " --quick" : "") + " (" + chunks + " chunks)");
    new RetrievalBench(quick, chunks, System.out, root).run();
  }

  void run() throws Exception {
    OnnxEmbedder embedder = OnnxEmbedder.bundled();
    List<String> sentences = corpus.sentences();
    embedding(embedder, sentences);
    int n = chunkCount;
    List<String> chunks = RetrievalCorpus.chunks(sentences, n, new Random(42));
    indexing(embedder, chunks.subList(0, quick ? 300 : 2_000));
    float[][] vectors = corpus.vectors(embedder, chunks);
    search(embedder, chunks, vectors, sentences);
  }

  // ---- embedding ----

  private void embedding(OnnxEmbedder embedder, List<String> sentences) {
    Random r = new Random(7);
    int singles = quick ? 30 : 300;
    for (int i = 0; i < 20; i++) {
      embedder.embed(sentences.get(r.nextInt(sentences.size())));
    }
    long[] one = new long[singles];
    for (int i = 0; i < singles; i++) {
      String s = sentences.get(r.nextInt(sentences.size()));
      long t = System.nanoTime();
      embedder.embed(s);
      one[i] = System.nanoTime() - t;
    }
    Arrays.sort(one);
    int m = quick ? 64 : 512;
    List<String> batch =
        IntStream.range(0, m).mapToObj(i -> sentences.get(r.nextInt(sentences.size()))).toList();
    List<String> oneByOne = batch.subList(0, quick ? 32 : 128);
    embedder.embedAll(batch.subList(0, 64));
    double bestBatch = 0;
    double bestSingle = 0;
    for (int round = 0; round < (quick ? 1 : 3); round++) {
      long t = System.nanoTime();
      for (String s : oneByOne) {
        embedder.embed(s);
      }
      bestSingle = Math.max(bestSingle, oneByOne.size() / ((System.nanoTime() - t) / 1e9));
      t = System.nanoTime();
      embedder.embedAll(batch);
      bestBatch = Math.max(bestBatch, batch.size() / ((System.nanoTime() - t) / 1e9));
    }
    double avgWords = batch.stream().mapToInt(s -> s.split("\\s+").length).average().orElse(0);
    Table t =
        new Table(
            "Embedding, all-MiniLM-L6-v2 (int8) via onnxruntime, corpus sentences (avg "
                + String.format(Locale.ROOT, "%.0f", avgWords)
                + " words)",
            Table.left("measurement"),
            Table.right("figure"),
            Table.right("vs baseline"),
            Table.left("target"),
            Table.left("met"));
    t.row(
        "one sentence, p50",
        ms(one[one.length / 2]),
        "",
        "<= 10 ms",
        met(one[one.length / 2] <= 10e6));
    t.row("one sentence, p99", ms(one[one.length * 99 / 100]), "", "", "");
    t.row("one at a time (baseline), sentences/s", Table.rate(bestSingle), "1.00x", "", "");
    t.row(
        "padded batches of " + OnnxEmbedder.DEFAULT_BATCH + ", sentences/s",
        Table.rate(bestBatch),
        Table.ratio(bestBatch, bestSingle),
        ">= 250/s",
        met(bestBatch >= 250));
    t.note("best of " + (quick ? 1 : 3) + " rounds; " + batch.size() + " sentences per batch run");
    t.print(out);
  }

  // ---- indexing incl. embedding, through the real KnowledgeIndex on SQLite ----

  private void indexing(OnnxEmbedder embedder, List<String> texts) throws IOException {
    Path dir = Bench.tempDir("kiana-retrieval-index-");
    try (BlockStore store =
            StoreFactory.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("k.db"), null, null));
        BlockIndex index = BlockIndex.open(dir.resolve("index"))) {
      List<KnowledgeBlock> blocks = RetrievalCorpus.sign(texts);
      store.putAll(blocks);
      KnowledgeIndex ki = new KnowledgeIndex(store, index, embedder);
      long t = System.nanoTime();
      for (int from = 0; from < blocks.size(); from += 256) {
        ki.stored(blocks.subList(from, Math.min(blocks.size(), from + 256)));
      }
      double rate = blocks.size() / ((System.nanoTime() - t) / 1e9);
      ki.close(); // writes what it deferred and waits for its background commit
      double avgChars = texts.stream().mapToInt(String::length).average().orElse(0);
      new Table(
              "Indexing chunks incl. embedding (KnowledgeIndex, batches of 256: embed, Lucene add, commit about once a second)",
              Table.left("measurement"),
              Table.right("chunks"),
              Table.right("chunks/s"),
              Table.left("target"),
              Table.left("met"))
          .row(
              String.format(Locale.ROOT, "chunks of ~%.0f chars", avgChars),
              blocks.size(),
              Table.rate(rate),
              ">= 200/s",
              met(rate >= 200))
          .print(out);
    } finally {
      Bench.deleteTree(dir);
    }
  }

  // ---- search over N chunks ----

  private void search(
      OnnxEmbedder embedder, List<String> chunks, float[][] vectors, List<String> sentences)
      throws IOException {
    Path dir = Bench.tempDir("kiana-retrieval-search-");
    try {
      searchIn(dir, embedder, chunks, vectors, sentences);
      memory.ofNode(dir, chunks.size());
    } finally {
      Bench.deleteTree(dir);
    }
  }

  private void searchIn(
      Path dir,
      OnnxEmbedder embedder,
      List<String> chunks,
      float[][] vectors,
      List<String> sentences)
      throws IOException {
    try (BlockStore store =
            StoreFactory.open(new StoreConfig("jdbc:sqlite:" + dir.resolve("k.db"), null, null));
        BlockIndex index = BlockIndex.open(dir.resolve("index"))) {
      long t0 = System.nanoTime();
      List<KnowledgeBlock> blocks = RetrievalCorpus.sign(chunks);
      store.putAll(blocks);
      List<IndexEntry> entries = new ArrayList<>(blocks.size());
      for (int i = 0; i < blocks.size(); i++) {
        KnowledgeBlock b = blocks.get(i);
        entries.add(new IndexEntry(b.id().hex(), b.lang(), b.content(), vectors[i], null, null));
      }
      for (int from = 0; from < entries.size(); from += 5_000) {
        index.put(entries.subList(from, Math.min(entries.size(), from + 5_000)));
      }
      index.commit(java.util.Map.of());
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      // What a node does after a bulk import or a rebuild (KnowledgeIndex.optimize).
      long m0 = System.nanoTime();
      int segmentsBefore = index.segments();
      index.forceMerge(java.util.Map.of());
      double mergeSeconds = (System.nanoTime() - m0) / 1e9;
      KnowledgeIndex ki = new KnowledgeIndex(store, index, embedder);
      HybridRetriever retriever = new HybridRetriever(ki);

      Random r = new Random(99);
      int queries = quick ? 50 : 1_000;
      List<String> qs =
          IntStream.range(0, queries)
              .mapToObj(i -> RetrievalCorpus.question(sentences, r))
              .toList();
      List<float[]> qv = embedder.embedAll(qs);
      Files.write(dir.resolve("questions.txt"), qs.subList(0, Math.min(100, queries)));
      // Other questions first, as a node that has answered a while: the JIT compiles Lucene's
      // search loops only after some thousand calls, and a cold run measures the compiler.
      Random w = new Random(7);
      List<String> warm =
          IntStream.range(0, queries)
              .mapToObj(i -> RetrievalCorpus.question(sentences, w))
              .toList();
      List<float[]> wv = embedder.embedAll(warm);
      for (int i = 0; i < warm.size(); i++) {
        retriever.search(warm.get(i), wv.get(i), 5, SearchMode.HYBRID);
        index.bm25(warm.get(i), 20);
        index.knn(wv.get(i), 20, 20 * HybridRetriever.DEFAULT_HNSW_FACTOR);
      }
      long[] hybrid = new long[queries];
      long[] bm25 = new long[queries];
      long[] knn = new long[queries];
      for (int i = 0; i < queries; i++) {
        long t = System.nanoTime();
        retriever.search(qs.get(i), qv.get(i), 5, SearchMode.HYBRID);
        hybrid[i] = System.nanoTime() - t;
        t = System.nanoTime();
        index.bm25(qs.get(i), 20);
        bm25[i] = System.nanoTime() - t;
        t = System.nanoTime();
        index.knn(qv.get(i), 20, 20 * HybridRetriever.DEFAULT_HNSW_FACTOR);
        knn[i] = System.nanoTime() - t;
      }
      Arrays.sort(hybrid);
      Arrays.sort(bm25);
      Arrays.sort(knn);
      Table t =
          new Table(
              "Query latency over "
                  + Table.rate(chunks.size())
                  + " chunks, query embedding excluded ("
                  + queries
                  + " queries after as many others; index built in "
                  + String.format(Locale.ROOT, "%.0f s", buildSeconds)
                  + " from cached vectors, "
                  + segmentsBefore
                  + " segments merged into 1 in "
                  + String.format(Locale.ROOT, "%.0f s", mergeSeconds)
                  + ")",
              Table.left("measurement"),
              Table.right("p50"),
              Table.right("p99"),
              Table.right("vs BM25 p50"),
              Table.left("target"),
              Table.left("met"));
      double base = bm25[queries / 2];
      t.row("BM25 top-20 (baseline)", ms(base), ms(bm25[queries * 99 / 100]), "1.00x", "", "");
      t.row(
          "HNSW top-20 of " + 20 * HybridRetriever.DEFAULT_HNSW_FACTOR + " candidates",
          ms(knn[queries / 2]),
          ms(knn[queries * 99 / 100]),
          Table.ratio(knn[queries / 2], base),
          "",
          "");
      t.row(
          "hybrid top-5 (both + RRF + load blocks)",
          ms(hybrid[queries / 2]),
          ms(hybrid[queries * 99 / 100]),
          Table.ratio(hybrid[queries / 2], base),
          "p50 <= 2 ms, p99 <= 10 ms",
          met(hybrid[queries / 2] <= 2e6 && hybrid[queries * 99 / 100] <= 10e6));
      t.print(out);
      recall(index, blocks, vectors, qv);
      memory.ofThisProcess(chunks.size());
    }
  }

  private void recall(
      BlockIndex index, List<KnowledgeBlock> blocks, float[][] vectors, List<float[]> qv) {
    Table t =
        new Table(
            "HNSW recall@10 against a brute-force scan of the same "
                + Table.rate(vectors.length)
                + " vectors",
            Table.left("candidates explored"),
            Table.right("recall@10"),
            Table.right("p50 ms"),
            Table.left("target"),
            Table.left("met"));
    int hybrid = 20 * HybridRetriever.DEFAULT_HNSW_FACTOR; // a top-5 search wants 20 vector hits
    int[] exploreds = {10, 30, hybrid, 200};
    for (int explored : exploreds) {
      double sum = 0;
      long[] times = new long[qv.size()];
      for (int qi = 0; qi < qv.size(); qi++) {
        Set<String> exact = bruteForce(blocks, vectors, qv.get(qi), 10);
        long t0 = System.nanoTime();
        List<IndexHit> hits = index.knn(qv.get(qi), 10, explored);
        times[qi] = System.nanoTime() - t0;
        sum += hits.stream().filter(h -> exact.contains(h.id())).count() / 10.0;
      }
      Arrays.sort(times);
      double recall = sum / qv.size();
      boolean ours = explored == hybrid;
      t.row(
          explored
              + (ours
                  ? " (what hybrid top-5 explores for its 20 vector hits)"
                  : explored == 10 ? " (= k, baseline)" : ""),
          String.format(Locale.ROOT, "%.3f", recall),
          ms(times[times.length / 2]),
          ours ? ">= 0.95" : "",
          ours ? met(recall >= 0.95) : "");
    }
    t.print(out);
  }

  private static Set<String> bruteForce(
      List<KnowledgeBlock> blocks, float[][] vectors, float[] q, int k) {
    int[] best = new int[k];
    double[] score = new double[k];
    Arrays.fill(score, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < vectors.length; i++) {
      double d = 0;
      float[] v = vectors[i];
      for (int j = 0; j < v.length; j++) {
        d += v[j] * q[j];
      }
      if (d > score[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && score[pos - 1] < d) {
          score[pos] = score[pos - 1];
          best[pos] = best[pos - 1];
          pos--;
        }
        score[pos] = d;
        best[pos] = i;
      }
    }
    Set<String> out = new HashSet<>();
    for (int i : best) {
      out.add(blocks.get(i).id().hex());
    }
    return out;
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  static String met(boolean yes) {
    return yes ? "yes" : "NO";
  }
}
