package ai.kiana.server.openai;

import ai.kiana.ai.chat.ChatMessage;
import ai.kiana.server.chat.ChatService;
import ai.kiana.server.http.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OpenAI chat completion request KI_ana uses: the last message (a user's) is the
 * question, earlier user and assistant messages are the history; {@code stream} picks SSE. System
 * messages and sampling parameters (temperature, max_tokens, …) are accepted and ignored: KI_ana's
 * own instructions and its backend's settings apply.
 */
record CompletionRequest(String model, String question, List<ChatMessage> history, boolean stream) {

  static CompletionRequest parse(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("the body must be a JSON object");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw ApiException.BadRequest.field("model", "required; use \"" + OpenAiRoutes.MODEL + "\"");
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ApiException.BadRequest.field("stream", "must be true or false");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiException.BadRequest.field("messages", "a non-empty list of messages is required");
    }
    List<ChatMessage> all = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      String content = content(m.get("content"), "messages[" + i + "].content");
      switch (role) {
        case "user" -> all.add(ChatMessage.user(content));
        case "assistant" -> all.add(ChatMessage.assistant(content));
        case "system", "developer", "tool" -> {} // KI_ana's own instructions apply
        default ->
            throw ApiException.BadRequest.field(
                "messages[" + i + "].role", "must be system, developer, user, assistant or tool");
      }
    }
    if (all.isEmpty() || all.getLast().role() != ChatMessage.Role.USER) {
      throw ApiException.BadRequest.field("messages", "the last message must be the user's");
    }
    String question = all.getLast().content();
    if (question.isBlank()) {
      throw ApiException.BadRequest.field("messages", "the user's message is empty");
    }
    if (question.length() > ChatService.MAX_MESSAGE_CHARS) {
      throw new ApiException.BadRequest(
          "string_above_max_length",
          "the user's message is "
              + question.length()
              + " characters; at most "
              + ChatService.MAX_MESSAGE_CHARS
              + " are accepted",
          "messages");
    }
    return new CompletionRequest(
        model.asText(),
        question,
        all.subList(0, all.size() - 1),
        stream != null && stream.asBoolean(false));
  }

  /** A string, or a list of parts of which the text parts count. */
  private static String content(JsonNode c, String field) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder s = new StringBuilder();
      for (JsonNode part : c) {
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          s.append(part.get("text").asText());
        }
      }
      return s.toString();
    }
    throw ApiException.BadRequest.field(field, "must be a string or a list of content parts");
  }
}
