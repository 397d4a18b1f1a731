package ai.kiana.bench;

import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.KnowledgeIndex;
import ai.kiana.ai.retrieval.SearchMode;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.store.index.IndexEntry;
import ai.kiana.store.index.IndexHit;
import ai.kiana.testkit.TestBlocks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import java.util.stream.Stream;

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
  private final Path root;

  RetrievalBench(boolean quick, int chunkCount, PrintStream out, Path root) {
    this.quick = quick;
    this.chunkCount = chunkCount;
    this.out = out;
    this.root = root;
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
    List<String> sentences = corpusSentences();
    embedding(embedder, sentences);
    int n = chunkCount;
    List<String> chunks = chunks(sentences, n, new Random(42));
    indexing(embedder, chunks.subList(0, quick ? 300 : 2_000));
    float[][] vectors = cachedVectors(embedder, chunks);
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
      List<KnowledgeBlock> blocks = sign(texts);
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
      nodeMemory(dir, chunks.size());
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
      List<KnowledgeBlock> blocks = sign(chunks);
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
      List<String> qs = IntStream.range(0, queries).mapToObj(i -> question(sentences, r)).toList();
      List<float[]> qv = embedder.embedAll(qs);
      Files.write(dir.resolve("questions.txt"), qs.subList(0, Math.min(100, queries)));
      // Other questions first, as a node that has answered a while: the JIT compiles Lucene's
      // search loops only after some thousand calls, and a cold run measures the compiler.
      Random w = new Random(7);
      List<String> warm =
          IntStream.range(0, queries).mapToObj(i -> question(sentences, w)).toList();
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
      memory(chunks.size());
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

  private void memory(int chunks) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    long rss = rssBytes("VmRSS:");
    long anon = rssBytes("RssAnon:");
    long file = rssBytes("RssFile:");
    new Table(
            "Memory of this benchmark process (model, store and index of "
                + Table.rate(chunks)
                + " chunks open, plus every vector and block for the brute-force scan)",
            Table.left("measurement"),
            Table.right("MiB"))
        .row("heap in use after GC", heap >> 20)
        .row("resident set (VmRSS)", rss < 0 ? "n/a" : rss >> 20)
        .row("  of it private (RssAnon: heap, model, native)", anon < 0 ? "n/a" : anon >> 20)
        .row("  of it mapped files (RssFile: index, jars)", file < 0 ? "n/a" : file >> 20)
        .note(
            "a node holds no vectors or blocks in its heap: the 1 GiB target is judged on the next table")
        .print(out);
  }

  /**
   * The resident memory a user gets: the search side of a node ({@link NodeMemoryProbe}) in a JVM
   * of its own over the store and index just built, once with the JVM's own defaults (what ./kiana
   * start runs with) and once with a bounded heap and the serial collector, after 2 x 100 questions
   * (embedding included).
   */
  private void nodeMemory(Path dir, int chunks) throws IOException {
    Table t =
        new Table(
            "Resident memory of a separate JVM with model, store and "
                + Table.rate(chunks)
                + " chunks' index open, after 200 questions (NodeMemoryProbe)",
            Table.left("JVM options"),
            Table.right("VmRSS MiB"),
            Table.right("RssAnon"),
            Table.right("RssFile"),
            Table.right("heap committed"),
            Table.right("query p50"),
            Table.right("query p99"),
            Table.left("target"),
            Table.left("met"));
    for (String opts : List.of("", BOUNDED_OPTS)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      if (!opts.isEmpty()) {
        cmd.addAll(List.of(opts.split(" ")));
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector")); // as ./kiana start does
      }
      cmd.addAll(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-cp",
              System.getProperty("java.class.path"),
              NodeMemoryProbe.class.getName(),
              dir.resolve("k.db").toString(),
              dir.resolve("index").toString(),
              dir.resolve("questions.txt").toString()));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String line;
      try (var in = p.inputReader()) {
        line = in.lines().filter(l -> l.startsWith("rss=")).findFirst().orElse("");
      }
      java.util.Map<String, Long> v = new java.util.HashMap<>();
      for (String kv : line.split(" ")) {
        String[] parts = kv.split("=");
        if (parts.length == 2) {
          v.put(parts[0], Long.parseLong(parts[1]));
        }
      }
      String name = opts.isEmpty() ? "(none: the JVM's defaults, as ./kiana start)" : opts;
      if (v.size() < 6) {
        t.row(name, "failed", "", "", "", "", "", "", "");
        continue;
      }
      t.row(
          name,
          v.get("rss") >> 20,
          v.get("anon") >> 20,
          v.get("file") >> 20,
          v.get("heap") >> 20,
          ms(v.get("p50")),
          ms(v.get("p99")),
          "<= 1024",
          met(v.get("rss") <= 1L << 30));
    }
    t.note(
        "query = HybridRetriever.search incl. the question's embedding; the baseline is the first row");
    t.print(out);
  }

  /** A bounded alternative to the JVM's defaults (KIANA_JAVA_OPTS can pass it to ./kiana). */
  static final String BOUNDED_OPTS = "-Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m";

  static long rssBytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: reported as n/a
    }
    return -1;
  }

  // ---- data ----

  private List<String> corpusSentences() throws IOException {
    Path corpus = root.resolve("eval/retrieval/corpus");
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.sorted().toList()) {
        String text = Files.readString(f).replaceAll("<[^>]+>", " ").replaceAll("[#*_`|>]", " ");
        for (String s : text.split("(?<=[.!?])\\s+|\\n\\s*\\n")) {
          String c = s.strip().replaceAll("\\s+", " ");
          if (c.length() >= 30 && c.length() <= 300) {
            out.add(c);
          }
        }
      }
    }
    if (out.size() < 100) {
      throw new IllegalStateException("too few corpus sentences in " + corpus);
    }
    return out;
  }

  static List<String> chunks(List<String> sentences, int n, Random r) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          sentences.get(r.nextInt(sentences.size()))
              + " "
              + sentences.get(r.nextInt(sentences.size()))
              + " "
              + sentences.get(r.nextInt(sentences.size())));
    }
    return out;
  }

  /** A question-like query: half of a random corpus sentence's words. */
  private static String question(List<String> sentences, Random r) {
    String[] w = sentences.get(r.nextInt(sentences.size())).split("\\s+");
    return String.join(" ", Arrays.copyOfRange(w, 0, Math.max(3, w.length / 2)));
  }

  private static List<KnowledgeBlock> sign(List<String> texts) {
    TestBlocks author = new TestBlocks(3);
    List<KnowledgeBlock> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(
          author.sign(
              new BlockDraft(
                  BlockType.CHUNK,
                  "",
                  texts.get(i),
                  null,
                  List.of(),
                  new Source("file:///bench/doc-" + (i / 10) + ".txt", null),
                  List.of(),
                  Scope.PRIVATE)));
    }
    return out;
  }

  /**
   * Vectors of the chunks. The chunk list is the same prefix for any count, so the cache file in
   * bench/target holds the vectors of the first K chunks and grows as runs embed more; it is
   * written as it goes, so an interrupted run keeps what it embedded.
   */
  private float[][] cachedVectors(OnnxEmbedder embedder, List<String> chunks) throws IOException {
    Path cache =
        root.resolve(
            "bench/target/retrieval-vectors-"
                + Integer.toHexString((embedder.modelId() + chunks.get(0)).hashCode())
                + ".bin");
    int dim = embedder.dimension();
    float[][] v = new float[chunks.size()][];
    int have = 0;
    if (Files.isRegularFile(cache)) {
      long cached = Files.size(cache) / (4L * dim);
      try (DataInputStream in =
          new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
        for (; have < Math.min(cached, chunks.size()); have++) {
          v[have] = new float[dim];
          for (int j = 0; j < dim; j++) {
            v[have][j] = in.readFloat();
          }
        }
      }
    }
    int fromCache = have;
    long t = System.nanoTime();
    Files.createDirectories(cache.getParent());
    try (DataOutputStream o =
        new DataOutputStream(
            new java.io.BufferedOutputStream(
                Files.newOutputStream(
                    cache,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND)))) {
      if (fromCache < chunks.size() && Files.size(cache) != (long) fromCache * 4 * dim) {
        throw new IllegalStateException("vector cache " + cache + " is damaged: delete it");
      }
      while (have < chunks.size()) {
        int to = Math.min(chunks.size(), have + 1024);
        List<float[]> part = embedder.embedAll(chunks.subList(have, to));
        for (float[] row : part) {
          v[have++] = row;
          for (float x : row) {
            o.writeFloat(x);
          }
        }
        o.flush();
        System.err.printf(Locale.ROOT, "\rembedding chunks: %d/%d", have, chunks.size());
      }
    }
    if (fromCache < chunks.size()) {
      System.err.println();
      double secs = (System.nanoTime() - t) / 1e9;
      out.printf(
          Locale.ROOT,
          "(embedded %d chunks in %.0f s = %.0f chunks/s, %d from the cache %s)%n%n",
          chunks.size() - fromCache,
          secs,
          (chunks.size() - fromCache) / secs,
          fromCache,
          root.relativize(cache));
    } else {
      out.println(
          "(vectors of " + chunks.size() + " chunks read from " + root.relativize(cache) + ")");
      out.println();
    }
    return v;
  }

  private static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  private static String met(boolean yes) {
    return yes ? "yes" : "NO";
  }
}
