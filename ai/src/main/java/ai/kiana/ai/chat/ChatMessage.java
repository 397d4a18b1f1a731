package ai.kiana.ai.chat;

import java.util.Objects;

/** One message of a conversation as LLM backends see it. */
public record ChatMessage(Role role, String content) {

  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT;

    /** The name both Ollama and OpenAI use on the wire. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
