package ai.kiana.server.chat;

import ai.kiana.ai.retrieval.StoreSearchRetriever;
import ai.kiana.ai.text.Terms;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A citation as the chat API shows it: {@code {"n", "id", "title", "snippet", "source", "author",
 * "signature"}}, where signature is verified, invalid, superseded or retracted, checked when the
 * citation is shown.
 */
final class CitationJson {

  static final int TITLE_CHARS = 80;

  private CitationJson() {}

  static ArrayNode of(KnowledgeBase knowledge, List<BlockId> ids, List<String> snippets) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (int i = 0; i < ids.size(); i++) {
      BlockView view;
      try {
        view = knowledge.view(ids.get(i));
      } catch (BlockNotFoundException e) {
        continue; // cited on another device and not synced here (yet)
      }
      out.add(one(i + 1, view, snippets.get(i)));
    }
    return out;
  }

  /** Snippets for stored citations: the sentence that best matches the question. */
  static List<String> snippets(KnowledgeBase knowledge, List<BlockId> ids, String question) {
    List<String> terms = Terms.of(question);
    return ids.stream()
        .map(
            id -> {
              try {
                return StoreSearchRetriever.bestSentence(
                    terms, knowledge.view(id).block().content());
              } catch (BlockNotFoundException e) {
                return "";
              }
            })
        .toList();
  }

  static ObjectNode one(int n, BlockView view, String snippet) {
    KnowledgeBlock b = view.block();
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("n", n);
    c.put("id", b.id().hex());
    c.put("title", title(b));
    c.put("snippet", snippet);
    if (b.source() == null) {
      c.putNull("source");
    } else {
      ObjectNode s = c.putObject("source");
      s.put("uri", b.source().uri());
      if (b.source().sha256() == null) {
        s.putNull("sha256");
      } else {
        s.put("sha256", b.source().sha256());
      }
    }
    c.put("author", b.author().hex());
    c.put("signature", signature(view));
    return c;
  }

  static String signature(BlockView view) {
    if (!view.verification().isValid()) {
      return "invalid";
    }
    if (view.retracted()) {
      return "retracted";
    }
    return view.live() ? "verified" : "superseded";
  }

  static String title(KnowledgeBlock b) {
    if (!b.title().isEmpty()) {
      return b.title();
    }
    String c = b.content().strip().replace('\n', ' ');
    return c.length() > TITLE_CHARS ? c.substring(0, TITLE_CHARS - 1) + "…" : c;
  }
}
