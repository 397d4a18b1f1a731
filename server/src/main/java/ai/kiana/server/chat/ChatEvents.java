package ai.kiana.server.chat;

import ai.kiana.ai.filter.FilterHit;
import ai.kiana.core.block.KnowledgeBlock;
import java.util.List;

/** What happens while a question is answered, in this order: meta, tokens, citations, done. */
public interface ChatEvents {

  void meta(String conversation, KnowledgeBlock questionTurn);

  void token(String text);

  /** Not called for a question the filter blocked. */
  void citations(List<Citation> cited);

  /**
   * @param filter the strictest block or warn hit on the question or answer, or null
   */
  void done(KnowledgeBlock answerTurn, String backend, boolean declined, FilterHit filter);
}
