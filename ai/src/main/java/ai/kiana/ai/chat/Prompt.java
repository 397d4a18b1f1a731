package ai.kiana.ai.chat;

import ai.kiana.ai.retrieval.Passage;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages an LLM backend receives: a system message with the numbered sources and how to cite
 * them, the conversation so far (at most {@link #DEFAULT_MAX_HISTORY} messages), then the question.
 */
public final class Prompt {

  static final int DEFAULT_MAX_HISTORY = 12;

  /** Per source; long document chunks are cut so that the context stays small. */
  static final int DEFAULT_MAX_SOURCE_CHARS = 2000;

  private Prompt() {}

  public static List<ChatMessage> messages(ChatRequest request) {
    StringBuilder system =
        new StringBuilder(
            "You are KI_ana, the user's personal assistant. Answer in the language of the"
                + " question. ");
    if (request.passages().isEmpty()) {
      system.append(
          "None of the user's own knowledge matches this question: say so plainly before"
              + " anything else, and do not invent facts about the user.");
    } else {
      system.append(
          "Answer from the numbered sources from the user's own knowledge below and cite each"
              + " source you use as [n]. If they do not answer the question, say so plainly."
              + "\n\nSources:");
      for (int i = 0; i < request.passages().size(); i++) {
        Passage p = request.passages().get(i);
        String content = p.block().content();
        if (content.length() > DEFAULT_MAX_SOURCE_CHARS) {
          content = content.substring(0, DEFAULT_MAX_SOURCE_CHARS) + " …";
        }
        system.append("\n[").append(i + 1).append("] ");
        if (!p.block().title().isEmpty()) {
          system.append(p.block().title()).append(": ");
        }
        system.append(content.replace('\n', ' '));
      }
    }
    List<ChatMessage> out = new ArrayList<>();
    out.add(new ChatMessage(ChatMessage.Role.SYSTEM, system.toString()));
    List<ChatMessage> history = request.history();
    out.addAll(history.subList(Math.max(0, history.size() - DEFAULT_MAX_HISTORY), history.size()));
    out.add(ChatMessage.user(request.question()));
    return out;
  }

  /**
   * The request body both chat wire formats share (Ollama's {@code /api/chat} and OpenAI's {@code
   * /v1/chat/completions}): model, {@code stream: true} and the messages.
   */
  static ObjectNode streamingBody(String model, ChatRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    body.put("stream", true);
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : messages(request)) {
      messages.addObject().put("role", m.role().wireName()).put("content", m.content());
    }
    return body;
  }
}
