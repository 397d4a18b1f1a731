package ai.kiana.ai.retrieval;

import ai.kiana.ai.text.Sentences;
import ai.kiana.ai.text.Terms;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval over the store's own text filter, for nodes without a search index: every content word
 * of the question (longest first, at most {@link #DEFAULT_MAX_TERMS}) is looked up as a substring,
 * and the blocks found are ranked by how many of the question's words they contain. Only live
 * knowledge is searched: facts, notes, memories and document chunks, never chat turns or ratings.
 */
public final class StoreSearchRetriever implements Retriever {

  public static final Set<BlockType> SEARCHED =
      Set.copyOf(EnumSet.of(BlockType.FACT, BlockType.NOTE, BlockType.MEMORY, BlockType.CHUNK));

  private static final List<BlockType> SEARCHED_ORDER =
      List.of(BlockType.FACT, BlockType.NOTE, BlockType.MEMORY, BlockType.CHUNK);

  static final int DEFAULT_MAX_TERMS = 8;

  /**
   * Newest matches per word and type. The rarer words of a question, which decide the ranking,
   * rarely have more; a frequent word's older matches are found again through the rarer words.
   */
  static final int DEFAULT_CANDIDATES_PER_TERM = 100;

  /** Words shorter than this are not looked up alone: as substrings they match nearly anything. */
  static final int MIN_LOOKUP_CHARS = 3;

  /** Longer "words" (hashes, base64, a pasted blob) are not looked up; no block text has them. */
  static final int MAX_LOOKUP_CHARS = 100;

  private final KnowledgeBase knowledge;

  public StoreSearchRetriever(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public List<Passage> retrieve(String question, int limit) {
    List<String> terms = Terms.of(question);
    List<String> lookups =
        terms.stream()
            .filter(t -> t.length() >= MIN_LOOKUP_CHARS && t.length() <= MAX_LOOKUP_CHARS)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .limit(DEFAULT_MAX_TERMS)
            .map(t -> t.length() > Terms.MIN_STEM_CHARS + 2 ? t.substring(0, t.length() - 1) : t)
            .toList();
    Map<BlockId, KnowledgeBlock> candidates = new LinkedHashMap<>();
    for (String term : lookups) {
      // One query per type: with a single type the store walks its (type, created) index newest
      // first and stops at the limit; with several it would match every row, then sort.
      for (BlockType type : SEARCHED_ORDER) {
        BlockQuery q =
            new BlockQuery(
                Set.of(type),
                null,
                null,
                term,
                null,
                null,
                true,
                null,
                DEFAULT_CANDIDATES_PER_TERM);
        for (KnowledgeBlock b : knowledge.list(q).blocks()) {
          candidates.putIfAbsent(b.id(), b);
        }
      }
    }
    List<Passage> ranked = new ArrayList<>();
    for (KnowledgeBlock b : candidates.values()) {
      List<String> blockTerms = Terms.of(b.title() + "\n" + b.content());
      int matched = Terms.matches(terms, blockTerms);
      if (matched == 0) {
        continue;
      }
      // Fraction of the question covered, with a small preference for short, focused blocks.
      double score = matched / (double) terms.size() + 1.0 / (10 + blockTerms.size());
      ranked.add(new Passage(b, score, bestSentence(terms, b.content())));
    }
    ranked.sort(
        Comparator.comparingDouble(Passage::score)
            .reversed()
            .thenComparing(p -> p.block().created(), Comparator.reverseOrder()));
    return List.copyOf(ranked.subList(0, Math.min(limit, ranked.size())));
  }

  /** The sentence of {@code text} that holds most of the question's words, for the citation. */
  public static String bestSentence(List<String> questionTerms, String text) {
    String best = "";
    int bestMatches = -1;
    for (String s : Sentences.of(text)) {
      int m = Terms.matches(questionTerms, Terms.of(s));
      if (m > bestMatches) {
        best = s;
        bestMatches = m;
      }
    }
    return best.length() > 300 ? best.substring(0, 297) + "..." : best;
  }
}
