package ai.kiana.ai.documents;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks of at most {@code maxChars}, at paragraph, then sentence, then word
 * boundaries, each chunk beginning with the last sentences (up to {@code overlapChars}) of the one
 * before, so that a fact on a chunk boundary is found whole in at least one chunk.
 */
public final class Chunker {

  /**
   * About 200 word pieces of English: inside what the default model reads (256), so every word of a
   * chunk counts for its vector.
   */
  public static final int DEFAULT_MAX_CHARS = 900;

  public static final int DEFAULT_OVERLAP_CHARS = 150;

  private final int maxChars;
  private final int overlapChars;

  public Chunker(int maxChars, int overlapChars) {
    if (maxChars < 50 || overlapChars < 0 || overlapChars >= maxChars / 2) {
      throw new IllegalArgumentException(
          "chunk size must be >= 50 and the overlap less than half of it");
    }
    this.maxChars = maxChars;
    this.overlapChars = overlapChars;
  }

  public static Chunker defaults() {
    return new Chunker(DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS);
  }

  public List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    for (String para : text.split("\\n\\s*\\n")) {
      String p = para.strip().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" ?\\n ?", " ");
      if (p.isEmpty()) {
        continue;
      }
      for (String sentence : p.split("(?<=[.!?…])\\s+")) {
        addBounded(sentence, pieces);
      }
      pieces.add("\n");
    }
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    List<String> currentSentences = new ArrayList<>();
    for (String piece : pieces) {
      if (piece.equals("\n")) {
        if (!current.isEmpty()) {
          current.append("\n\n");
        }
        continue;
      }
      if (!current.isEmpty() && current.length() + 1 + piece.length() > maxChars) {
        chunks.add(current.toString().strip());
        current.setLength(0);
        List<String> carried = overlap(currentSentences);
        currentSentences.clear();
        for (String s : carried) {
          current.append(s).append(' ');
          currentSentences.add(s);
        }
      }
      if (!current.isEmpty() && !Character.isWhitespace(current.charAt(current.length() - 1))) {
        current.append(' ');
      }
      current.append(piece);
      currentSentences.add(piece);
    }
    if (!current.toString().isBlank()) {
      chunks.add(current.toString().strip());
    }
    return chunks;
  }

  /** The trailing sentences of a chunk that fit in the overlap. */
  private List<String> overlap(List<String> sentences) {
    List<String> out = new ArrayList<>();
    int len = 0;
    for (int i = sentences.size() - 1; i >= 0; i--) {
      String s = sentences.get(i);
      if (len + s.length() + 1 > overlapChars) {
        break;
      }
      out.add(0, s);
      len += s.length() + 1;
    }
    return out;
  }

  /** A sentence longer than a chunk is cut at word boundaries (or hard, for one long word). */
  private void addBounded(String sentence, List<String> out) {
    int limit = maxChars - overlapChars - 1;
    String rest = sentence;
    while (rest.length() > limit) {
      int cut = rest.lastIndexOf(' ', limit);
      if (cut < limit / 2) {
        cut = limit;
      }
      out.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) {
      out.add(rest);
    }
  }
}
