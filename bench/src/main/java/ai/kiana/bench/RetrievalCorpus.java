package ai.kiana.bench;

import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import ai.kiana.testkit.TestBlocks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What RetrievalBench searches: chunks of three random sentences of the retrieval corpus ({@code
 * eval/retrieval/corpus}), question-like halves of its sentences, the chunks signed as blocks, and
 * their vectors, cached in {@code bench/target} so only the first full run embeds them.
 */
final class RetrievalCorpus {

  private final Path root;
  private final PrintStream out;

  RetrievalCorpus(Path root, PrintStream out) {
    this.root = root;
    this.out = out;
  }

  List<String> sentences() throws IOException {
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
  static String question(List<String> sentences, Random r) {
    String[] w = sentences.get(r.nextInt(sentences.size())).split("\\s+");
    return String.join(" ", Arrays.copyOfRange(w, 0, Math.max(3, w.length / 2)));
  }

  static List<KnowledgeBlock> sign(List<String> texts) {
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
  float[][] vectors(OnnxEmbedder embedder, List<String> chunks) throws IOException {
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
}
