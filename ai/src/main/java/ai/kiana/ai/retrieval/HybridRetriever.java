package ai.kiana.ai.retrieval;

import ai.kiana.ai.embedding.Embedder;
import ai.kiana.ai.text.Language;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.store.index.IndexHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * BM25 and HNSW vector search fused by reciprocal rank fusion: a block's score is the sum of {@code
 * 1 / (k + rank)} over both lists, so neither method's raw scale dominates. Whether the knowledge
 * covers the question at all is the {@link DeclineJudge}'s decision on the best passage.
 */
public final class HybridRetriever implements Retriever {

  /** The usual RRF constant (Cormack et al.): damps the weight of the very first ranks. */
  public static final int DEFAULT_RRF_K = 60;

  /** Each method contributes this many candidates per requested passage, at least the minimum. */
  static final int CANDIDATES_PER_RESULT = 4;

  static final int MIN_CANDIDATES = 20;

  /**
   * HNSW explores this many candidates per neighbour wanted. A top-5 search wants 20 vector hits
   * and so explores 100: over 100,000 chunks that gives recall@10 0.97 against a brute-force scan
   * (RetrievalBench), and most of a query's time is the graph's dot products, so exploring 200 (10
   * per hit, recall 0.98) cost about 0.4 ms more per question.
   */
  public static final int DEFAULT_HNSW_FACTOR = 5;

  /**
   * RRF weight of the vector ranking for a non-English question when the model is English-only: its
   * vectors still help as a tie-breaker, but BM25 with German analysis leads.
   */
  public static final double DEFAULT_FOREIGN_VECTOR_WEIGHT = 0.25;

  /** Snippets are cut to about this many characters around the best sentence. */
  static final int SNIPPET_CHARS = 300;

  /**
   * Runs the BM25 half of hybrid searches; daemon threads that end when idle, shared by every
   * retriever of the process (a node has one), so nothing needs closing.
   */
  private static final ExecutorService LEXICAL =
      new ThreadPoolExecutor(
          0,
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "kiana-bm25");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n{2,}");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final BlockIndex index;
  private final BlockStore store;
  private final Embedder embedder;
  private final DeclineJudge judge;

  public HybridRetriever(KnowledgeIndex knowledge) {
    this.index = knowledge.index();
    this.store = knowledge.store();
    this.embedder = knowledge.embedder();
    this.judge = new DeclineJudge(index);
  }

  @Override
  public List<Passage> retrieve(String question, int limit) {
    return search(question, limit, SearchMode.HYBRID).passages();
  }

  /** Hybrid passages with the decline decision. */
  @Override
  public SearchResult search(String question, int limit) {
    return search(question, limit, SearchMode.HYBRID);
  }

  /** Passages by the given method, with the decline decision. A blank question finds nothing. */
  public SearchResult search(String question, int limit, SearchMode mode) {
    if (question == null || question.isBlank() || limit < 1) {
      return new SearchResult(List.of(), true, true, 0, 0, 0);
    }
    // The question is embedded while BM25 runs (see below).
    return search(question, () -> embedder.embed(question), limit, mode);
  }

  /**
   * As {@link #search(String, int, SearchMode)} with the question's vector already computed (the
   * benchmark times retrieval without the embedding this way).
   */
  public SearchResult search(String question, float[] q, int limit, SearchMode mode) {
    return search(question, () -> q, limit, mode);
  }

  private SearchResult search(
      String question, Supplier<float[]> vector, int limit, SearchMode mode) {
    int n = Math.max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT);
    List<IndexHit> lexical;
    List<IndexHit> semantic;
    if (mode == SearchMode.HYBRID) {
      // Both searches at once: BM25 on a helper thread, HNSW (the longer one) on this one.
      Future<List<IndexHit>> words = LEXICAL.submit(() -> index.bm25(question, n));
      semantic = index.knn(vector.get(), n, n * DEFAULT_HNSW_FACTOR);
      lexical = join(words);
    } else {
      lexical = mode == SearchMode.VECTOR ? List.of() : index.bm25(question, n);
      semantic =
          mode == SearchMode.BM25 ? List.of() : index.knn(vector.get(), n, n * DEFAULT_HNSW_FACTOR);
    }
    boolean foreign = embedder.englishOnly() && !"en".equals(Language.of(question));
    Map<String, Double> fused = new LinkedHashMap<>();
    addRanks(fused, lexical, 1.0);
    addRanks(fused, semantic, foreign ? DEFAULT_FOREIGN_VECTOR_WEIGHT : 1.0);
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(fused.entrySet());
    ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    List<Passage> passages = new ArrayList<>(limit);
    // The best `limit` blocks in one read; more only if the store lacks some (it never should).
    for (int from = 0; from < ranked.size() && passages.size() < limit; ) {
      int to = Math.min(ranked.size(), from + limit - passages.size());
      List<Map.Entry<String, Double>> wanted = ranked.subList(from, to);
      Map<String, Double> scores = new HashMap<>();
      wanted.forEach(e -> scores.put(e.getKey(), e.getValue()));
      for (KnowledgeBlock b :
          store.getAll(wanted.stream().map(e -> BlockId.parseStrict(e.getKey())).toList())) {
        passages.add(new Passage(b, scores.get(b.id().hex()), snippet(question, b.content())));
      }
      from = to;
    }
    if (passages.isEmpty()) {
      return new SearchResult(passages, true, true, 0, 0, 0);
    }
    KnowledgeBlock top = passages.get(0).block();
    return judge
        .judge(question, passages, cosineOf(top, semantic), foreign, lexical, semantic)
        .of(passages);
  }

  private static List<IndexHit> join(Future<List<IndexHit>> words) {
    try {
      return words.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void addRanks(Map<String, Double> fused, List<IndexHit> hits, double weight) {
    for (int rank = 0; rank < hits.size(); rank++) {
      fused.merge(hits.get(rank).id(), weight / (DEFAULT_RRF_K + rank + 1), Double::sum);
    }
  }

  /**
   * The best passage's cosine from the vector candidates; if it is not among them, its cosine is at
   * most the weakest candidate's, which is used (no second embedding on the query path).
   */
  private static double cosineOf(KnowledgeBlock top, List<IndexHit> semantic) {
    double weakest = 0;
    for (IndexHit h : semantic) {
      if (h.id().equals(top.id().hex())) {
        return h.score();
      }
      weakest = h.score();
    }
    return weakest;
  }

  /** The sentence sharing most words with the question, cut to about {@value #SNIPPET_CHARS}. */
  static String snippet(String question, String content) {
    Map<String, Integer> words = new HashMap<>();
    for (String w : NON_WORD.split(question.toLowerCase(java.util.Locale.ROOT))) {
      if (w.length() > 2) {
        words.put(w, 1);
      }
    }
    String best = content;
    int bestScore = -1;
    for (String sentence : SENTENCE_END.split(content)) {
      int score = 0;
      for (String w : NON_WORD.split(sentence.toLowerCase(java.util.Locale.ROOT))) {
        score += words.getOrDefault(w, 0);
      }
      if (score > bestScore) {
        bestScore = score;
        best = sentence;
      }
    }
    best = SPACES.matcher(best.strip()).replaceAll(" ");
    return best.length() <= SNIPPET_CHARS ? best : best.substring(0, SNIPPET_CHARS) + "…";
  }
}
