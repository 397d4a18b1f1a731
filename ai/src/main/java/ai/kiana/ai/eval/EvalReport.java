package ai.kiana.ai.eval;

import ai.kiana.ai.retrieval.SearchMode;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of one evaluation run: per method overall and per language, and how unanswerable
 * questions fared.
 *
 * @param declined unanswerable questions the hybrid search correctly declined
 * @param falseDeclines answerable questions it declined although the corpus answers them
 */
public record EvalReport(
    int questions,
    Map<SearchMode, Metrics> overall,
    Map<SearchMode, Map<String, Metrics>> byLanguage,
    int unanswerable,
    int declined,
    int falseDeclines,
    List<Outcome> details) {

  /** One question's result: ranks of the first hit per method (0 = none in the top 5). */
  public record Outcome(
      String id,
      String lang,
      boolean answerable,
      Map<SearchMode, Integer> ranks,
      boolean declined,
      double cosine,
      double coverage) {}

  /** One line per question, for finding out why a question fails. */
  public String detailLines() {
    StringBuilder sb = new StringBuilder();
    for (Outcome o : details) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-10s %-3s %s bm25=%d vector=%d hybrid=%d declined=%s cosine=%.3f coverage=%.2f%n",
              o.id(),
              o.lang(),
              o.answerable() ? "answerable  " : "unanswerable",
              o.ranks().getOrDefault(SearchMode.BM25, 0),
              o.ranks().getOrDefault(SearchMode.VECTOR, 0),
              o.ranks().getOrDefault(SearchMode.HYBRID, 0),
              o.declined(),
              o.cosine(),
              o.coverage()));
    }
    return sb.toString();
  }

  public double hybridRecallAt5() {
    return overall.get(SearchMode.HYBRID).recallAt5();
  }

  /** A plain text table for people. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-8s %-6s %5s %9s %9s %7s%n",
            "method",
            "lang",
            "n",
            "recall@1",
            "recall@5",
            "MRR"));
    for (SearchMode mode : SearchMode.values()) {
      row(sb, mode, "all", overall.get(mode));
      byLanguage.get(mode).forEach((lang, m) -> row(sb, mode, lang, m));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "unanswerable questions declined: %d of %d; answerable questions wrongly declined: %d%n",
            declined,
            unanswerable,
            falseDeclines));
    return sb.toString();
  }

  private static void row(StringBuilder sb, SearchMode mode, String lang, Metrics m) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-8s %-6s %5d %9.3f %9.3f %7.3f%n",
            mode.name().toLowerCase(Locale.ROOT),
            lang,
            m.n(),
            m.recallAt1(),
            m.recallAt5(),
            m.mrr()));
  }

  /** One line of JSON with every figure (the last line the command prints). */
  public String json() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("questions", questions);
    for (SearchMode mode : SearchMode.values()) {
      ObjectNode m = root.putObject(mode.name().toLowerCase(Locale.ROOT));
      put(m, overall.get(mode));
      ObjectNode langs = m.putObject("by_lang");
      byLanguage.get(mode).forEach((lang, x) -> put(langs.putObject(lang), x));
    }
    ObjectNode u = root.putObject("unanswerable");
    u.put("n", unanswerable);
    u.put("declined", declined);
    u.put("declined_rate", unanswerable == 0 ? 0 : round((double) declined / unanswerable));
    root.put("answerable_declined", falseDeclines);
    return root.toString();
  }

  private static void put(ObjectNode o, Metrics m) {
    o.put("n", m.n());
    o.put("recall_at_1", round(m.recallAt1()));
    o.put("recall_at_5", round(m.recallAt5()));
    o.put("mrr", round(m.mrr()));
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
