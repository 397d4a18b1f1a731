package ai.kiana.ai.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A sentence-transformers model (BERT-style encoder exported to ONNX) run in-process by
 * onnxruntime: WordPiece tokens in, mean-pooled and L2-normalised {@code last_hidden_state} out.
 *
 * <p>Texts are embedded in real batches: sorted by length so each batch pads little, padded to its
 * longest member, one onnxruntime call per batch. That, not a call per text, is what gives the
 * throughput (see RetrievalBench).
 */
public final class OnnxEmbedder implements Embedder {

  /**
   * The model that ships inside the jar: no download, no service. It is all-MiniLM-L6-v2 with int8
   * weights (langchain4j's "-q" artifact): 2.5 times the throughput of the float model on the
   * reference machine (its AVX-512 VNNI does int8 products in one instruction), with the same
   * hybrid recall@5 on eval/retrieval (see bench/README.md).
   */
  public static final String DEFAULT_MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";

  public static final String DEFAULT_TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  public static final String DEFAULT_MODEL_ID = "all-minilm-l6-v2-q";

  /** all-MiniLM-L6-v2 was trained on up to 256 word pieces; longer text is cut. */
  public static final int DEFAULT_MAX_TOKENS = 256;

  /** At most this many texts per onnxruntime call. */
  public static final int DEFAULT_BATCH = 32;

  /**
   * At most this many (padded) tokens per call: short sentences go 32 at a time, long chunks a few
   * at a time. Larger batches of long texts were slower, not faster, on the 2-core reference
   * machine (their activations no longer fit the caches; see RetrievalBench).
   */
  public static final int DEFAULT_BATCH_TOKENS = 512;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final String modelId;
  private final int maxTokens;
  private final int dimension;
  private final boolean wantsTypeIds;
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          Math.max(1, Runtime.getRuntime().availableProcessors()),
          r -> {
            Thread t = new Thread(r, "kiana-embed");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean shared;

  private static OnnxEmbedder bundled;

  private OnnxEmbedder(
      OrtSession session, WordPieceTokenizer tokenizer, String modelId, int maxTokens) {
    this.env = OrtEnvironment.getEnvironment();
    this.session = session;
    this.tokenizer = tokenizer;
    this.modelId = modelId;
    this.maxTokens = maxTokens;
    Set<String> inputs = session.getInputNames();
    if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
      throw new EmbeddingException(
          "model " + modelId + " has inputs " + inputs + "; expected input_ids and attention_mask");
    }
    this.wantsTypeIds = inputs.contains("token_type_ids");
    this.dimension = run(List.of(tokenizer.encode("dimension probe", maxTokens))).get(0).length;
  }

  /**
   * The all-MiniLM-L6-v2 model and tokenizer from the classpath (384 dimensions), loaded once per
   * process and shared (it is thread-safe and holds ~90 MB); closing it does nothing.
   */
  public static synchronized OnnxEmbedder bundled() {
    if (bundled == null) {
      bundled = loadBundled();
      bundled.shared = true;
    }
    return bundled;
  }

  private static OnnxEmbedder loadBundled() {
    try (InputStream model = resource(DEFAULT_MODEL_RESOURCE);
        InputStream tok = resource(DEFAULT_TOKENIZER_RESOURCE)) {
      WordPieceTokenizer tokenizer = WordPieceTokenizer.read(tok, DEFAULT_TOKENIZER_RESOURCE);
      return new OnnxEmbedder(
          session(model.readAllBytes(), DEFAULT_MODEL_ID),
          tokenizer,
          DEFAULT_MODEL_ID,
          DEFAULT_MAX_TOKENS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled embedding model", e);
    }
  }

  /**
   * A model the user supplies: an ONNX file and its tokenizer ({@code tokenizer.json} with a
   * WordPiece model, or a BERT {@code vocab.txt}).
   *
   * @throws EmbeddingException if either file is missing or does not load
   */
  public static OnnxEmbedder fromFiles(Path model, Path tokenizer, int maxTokens) {
    for (Path p : List.of(model, tokenizer)) {
      if (!Files.isRegularFile(p)) {
        throw new EmbeddingException("no such file: " + p);
      }
    }
    try (InputStream tok = Files.newInputStream(tokenizer)) {
      WordPieceTokenizer t = WordPieceTokenizer.read(tok, tokenizer.getFileName().toString());
      String id = fileModelId(model);
      return new OnnxEmbedder(session(Files.readAllBytes(model), id), t, id, maxTokens);
    } catch (IOException e) {
      throw new EmbeddingException("cannot read " + model + ": " + e.getMessage(), e);
    }
  }

  /** How a user-supplied model is named in the index: file name and size. */
  static String fileModelId(Path model) throws IOException {
    return "onnx:" + model.getFileName() + "@" + Files.size(model);
  }

  private static InputStream resource(String name) {
    InputStream in = OnnxEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new EmbeddingException(
          "the bundled model " + name + " is not on the classpath (langchain4j all-minilm jar)");
    }
    return in;
  }

  private static OrtSession session(byte[] model, String id) {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      // Spinning worker threads burn the cores they wait on; on a busy machine (or one shared with
      // the store and the HTTP server) that halves throughput. Measured in RetrievalBench.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      // Memory patterns are planned per input shape; batches vary in length, so planning would be
      // redone for nearly every batch.
      options.setMemoryPatternOptimization(false);
      return OrtEnvironment.getEnvironment().createSession(model, options);
    } catch (OrtException e) {
      throw new EmbeddingException("cannot load embedding model " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean englishOnly() {
    return modelId.equals(DEFAULT_MODEL_ID);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String modelId() {
    return modelId + "/" + maxTokens;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<int[]> tokens = texts.stream().map(t -> tokenizer.encode(t, maxTokens)).toList();
    Integer[] order =
        IntStream.range(0, texts.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> tokens.get(i).length))
            .toArray(Integer[]::new);
    float[][] out = new float[texts.size()][];
    List<int[]> bounds = new ArrayList<>();
    int from = 0;
    while (from < order.length) {
      // Sorted by length, so the last row of a batch is its longest: add rows while the padded
      // batch stays within the token budget.
      int to = from + 1;
      while (to < order.length
          && to - from < DEFAULT_BATCH
          && (long) (to - from + 1) * tokens.get(order[to]).length <= DEFAULT_BATCH_TOKENS) {
        to++;
      }
      bounds.add(new int[] {from, to});
      from = to;
    }
    // One batch per core at a time, each on one onnxruntime thread: no thread waits inside an
    // operator for another that the OS has not scheduled (which made batches slower than single
    // texts on a busy machine).
    List<Future<?>> running = new ArrayList<>();
    for (int[] b : bounds) {
      Runnable task =
          () -> {
            List<int[]> batch = new ArrayList<>(b[1] - b[0]);
            for (int i = b[0]; i < b[1]; i++) {
              batch.add(tokens.get(order[i]));
            }
            List<float[]> vectors = run(batch);
            for (int i = b[0]; i < b[1]; i++) {
              out[order[i]] = vectors.get(i - b[0]);
            }
          };
      if (bounds.size() == 1) {
        task.run();
      } else {
        running.add(workers.submit(task));
      }
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddingException("interrupted while embedding", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof EmbeddingException ee
            ? ee
            : new EmbeddingException("embedding failed: " + e.getCause().getMessage(), e);
      }
    }
    return Arrays.asList(out);
  }

  /**
   * One onnxruntime call for the batch, padded to its longest member; mean pooling over the mask.
   */
  private List<float[]> run(List<int[]> batch) {
    int rows = batch.size();
    // Padded to the longest member only: the int8 model quantizes activations with a range taken
    // over the whole input, padding included, so every padded position moves the vectors a little
    // (rounding lengths up to a multiple of 8 cost 0.7% of cosine against the unpadded text).
    int len = Math.min(maxTokens, batch.stream().mapToInt(a -> a.length).max().orElse(0));
    long[] ids = new long[rows * len];
    long[] mask = new long[rows * len];
    for (int r = 0; r < rows; r++) {
      int[] t = batch.get(r);
      for (int c = 0; c < t.length; c++) {
        ids[r * len + c] = t[c];
        mask[r * len + c] = 1;
      }
    }
    long[] shape = {rows, len};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (wantsTypeIds) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * len]), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> vectors = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
          float[] v = new float[hidden[r][0].length];
          int n = batch.get(r).length;
          for (int c = 0; c < n; c++) {
            float[] h = hidden[r][c];
            for (int d = 0; d < v.length; d++) {
              v[d] += h[d];
            }
          }
          for (int d = 0; d < v.length; d++) {
            v[d] /= n;
          }
          vectors.add(Embedder.normalize(v));
        }
        return vectors;
      }
    } catch (OrtException | ClassCastException e) {
      throw new EmbeddingException("embedding model " + modelId + " failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    if (shared) {
      return;
    }
    workers.shutdownNow();
    try {
      session.close();
    } catch (OrtException e) {
      throw new EmbeddingException("closing model " + modelId + ": " + e.getMessage(), e);
    }
  }
}
