package ai.kiana.ai.eval;

import ai.kiana.ai.chat.Coverage;
import ai.kiana.ai.documents.DocumentImporter;
import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.SearchMode;
import ai.kiana.ai.retrieval.SearchResult;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Scores retrieval against golden questions. A retrieved chunk is a hit when it comes from the
 * question's {@code file} and contains one of its {@code must_contain} phrases, both compared with
 * markup stripped, whitespace collapsed and case folded. Every method (BM25, vectors, hybrid) is
 * asked for the top 5; an unanswerable question ({@code file} null) counts as correctly declined
 * when the answerer would decline it: the hybrid search declines it, or no passage is left to cite
 * ({@link Coverage#cited}); an answerable question so declined is counted as wrongly declined.
 */
public final class RetrievalEval {

  static final int TOP = 5;

  private static final Pattern TAGS = Pattern.compile("<[^>]+>");
  private static final Pattern MARKS = Pattern.compile("[*_`#]+|\\[|\\]\\([^)]*\\)");

  private final HybridRetriever retriever;
  private final Path corpus;

  /** {@code corpus} is the folder the documents were imported from (it names their sources). */
  public RetrievalEval(HybridRetriever retriever, Path corpus) {
    this.retriever = retriever;
    this.corpus = corpus;
  }

  public EvalReport run(List<EvalQuestion> questions) {
    Map<SearchMode, Metrics.Sum> overall = new EnumMap<>(SearchMode.class);
    Map<SearchMode, Map<String, Metrics.Sum>> byLang = new EnumMap<>(SearchMode.class);
    int unanswerable = 0;
    int declined = 0;
    int falseDeclines = 0;
    for (SearchMode mode : SearchMode.values()) {
      overall.put(mode, new Metrics.Sum());
      byLang.put(mode, new TreeMap<>());
    }
    List<EvalReport.Outcome> details = new java.util.ArrayList<>();
    for (EvalQuestion q : questions) {
      Map<SearchMode, Integer> ranks = new EnumMap<>(SearchMode.class);
      for (SearchMode mode : SearchMode.values()) {
        SearchResult result = retriever.search(q.question(), TOP, mode);
        // Declined as the answerer decides it: nothing it would cite.
        boolean declinedNow = Coverage.cited(q.question(), result).isEmpty();
        if (mode == SearchMode.HYBRID) {
          details.add(
              new EvalReport.Outcome(
                  q.id(),
                  q.lang(),
                  q.answerable(),
                  ranks,
                  declinedNow,
                  result.topCosine(),
                  result.topCoverage()));
        }
        if (!q.answerable()) {
          if (mode == SearchMode.HYBRID) {
            unanswerable++;
            declined += declinedNow ? 1 : 0;
          }
          continue;
        }
        if (mode == SearchMode.HYBRID && declinedNow) {
          falseDeclines++;
        }
        int rank = firstHit(q, result.passages());
        ranks.put(mode, rank);
        overall.get(mode).add(rank);
        byLang.get(mode).computeIfAbsent(q.lang(), l -> new Metrics.Sum()).add(rank);
      }
    }
    Map<SearchMode, Metrics> o = new EnumMap<>(SearchMode.class);
    Map<SearchMode, Map<String, Metrics>> l = new EnumMap<>(SearchMode.class);
    for (SearchMode mode : SearchMode.values()) {
      o.put(mode, overall.get(mode).metrics());
      Map<String, Metrics> m = new TreeMap<>();
      byLang.get(mode).forEach((lang, sum) -> m.put(lang, sum.metrics()));
      l.put(mode, m);
    }
    return new EvalReport(questions.size(), o, l, unanswerable, declined, falseDeclines, details);
  }

  /** 1-based rank of the first passage that is a hit, 0 if none is. */
  int firstHit(EvalQuestion q, List<Passage> passages) {
    String expected = DocumentImporter.uriOf(corpus.resolve(q.file()));
    for (int i = 0; i < passages.size(); i++) {
      Passage p = passages.get(i);
      if (p.block().source() == null || !p.block().source().uri().equals(expected)) {
        continue;
      }
      String text = normalize(p.block().content());
      for (String phrase : q.mustContain()) {
        if (text.contains(normalize(phrase))) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  /** Markup stripped, whitespace collapsed, case folded. */
  static String normalize(String s) {
    String t = TAGS.matcher(s).replaceAll(" ");
    t = MARKS.matcher(t).replaceAll("");
    return t.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }
}
