package ai.kiana.ai.chat;

import java.util.function.Consumer;

/**
 * Something that writes an answer: the built-in extractive answerer, or an LLM server. The caller
 * does retrieval and decides whether the knowledge covers the question; a backend only writes.
 *
 * <p>Implementations are thread-safe and hold no per-request state.
 */
public interface ChatBackend {

  /** "extractive", "ollama" or "openai", as the API reports it. */
  String name();

  /**
   * Writes the answer, handing its pieces to {@code tokens} in order as they arrive, and returns
   * when it is complete. Never blocks longer than the backend's timeouts.
   *
   * @throws BackendException if the backend cannot be reached, times out or fails, possibly after
   *     some pieces were already handed over
   */
  void answer(ChatRequest request, Consumer<String> tokens);
}
