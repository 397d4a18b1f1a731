package ai.kiana.ai.embedding;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer in plain Java (no native library): clean text, lower-case,
 * strip accents, split on whitespace and punctuation, then greedy longest-match sub-words with the
 * {@code ##} prefix. Matches the Hugging Face "BertNormalizer + BertPreTokenizer + WordPiece"
 * pipeline that sentence-transformers models such as all-MiniLM-L6-v2 ship with.
 */
public final class WordPieceTokenizer {

  static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocab;
  private final boolean lowercase;
  private final int unk;
  private final int cls;
  private final int sep;

  WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase) {
    this.vocab = Map.copyOf(vocab);
    this.lowercase = lowercase;
    this.unk = id("[UNK]");
    this.cls = id("[CLS]");
    this.sep = id("[SEP]");
  }

  private int id(String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new EmbeddingException("the tokenizer's vocabulary has no " + token + " token");
    }
    return id;
  }

  /** Reads a Hugging Face {@code tokenizer.json} (WordPiece model) or a BERT {@code vocab.txt}. */
  public static WordPieceTokenizer read(InputStream in, String name) {
    try {
      byte[] bytes = in.readAllBytes();
      if (name.endsWith(".json")) {
        return fromTokenizerJson(Json.parse(bytes), name);
      }
      Map<String, Integer> vocab = new HashMap<>();
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isEmpty()) {
          vocab.putIfAbsent(lines[i], i);
        }
      }
      return new WordPieceTokenizer(vocab, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + name, e);
    } catch (RuntimeException e) {
      if (e instanceof EmbeddingException) {
        throw e;
      }
      throw new EmbeddingException("cannot read tokenizer " + name + ": " + e.getMessage(), e);
    }
  }

  private static WordPieceTokenizer fromTokenizerJson(JsonNode root, String name) {
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new EmbeddingException(
          name + " is not a WordPiece tokenizer (type " + model.path("type").asText() + ")");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    boolean lower = root.path("normalizer").path("lowercase").asBoolean(true);
    return new WordPieceTokenizer(vocab, lower);
  }

  /** Token ids with [CLS] … [SEP], cut to {@code maxTokens} in all. */
  public int[] encode(String text, int maxTokens) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    for (String word : basicTokens(text)) {
      if (ids.size() >= maxTokens - 1) {
        break;
      }
      wordPiece(word, ids);
    }
    int n = Math.min(ids.size(), maxTokens - 1);
    int[] out = new int[n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = ids.get(i);
    }
    out[n] = sep;
    return out;
  }

  List<String> basicTokens(String text) {
    String s = text;
    if (lowercase) {
      s = Normalizer.normalize(s.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
    }
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == 0 || c == 0xFFFD || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
        continue;
      }
      if (lowercase && Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        flush(word, words);
      } else if (isPunctuation(c) || isCjk(c)) {
        flush(word, words);
        words.add(new String(Character.toChars(c)));
      } else {
        word.appendCodePoint(c);
      }
    }
    flush(word, words);
    return words;
  }

  private void wordPiece(String word, List<Integer> out) {
    if (word.length() > MAX_CHARS_PER_WORD) {
      out.add(unk);
      return;
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String sub = word.substring(start, end);
        found = vocab.get(start > 0 ? "##" + sub : sub);
        if (found != null) {
          break;
        }
        end--;
      }
      if (found == null) {
        out.add(unk);
        return;
      }
      pieces.add(found);
      start = end;
    }
    out.addAll(pieces);
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47)
        || (c >= 58 && c <= 64)
        || (c >= 91 && c <= 96)
        || (c >= 123 && c <= 126)) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  private static boolean isCjk(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0xF900 && c <= 0xFAFF);
  }
}
