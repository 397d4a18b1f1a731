package ai.kiana.cli;

import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.chat.InvalidSettingsException;
import ai.kiana.server.node.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The answer backend as command-line flags ({@code start} and {@code ask}); they beat config. */
final class ChatOptions {

  @Option(
      names = {"--chat-backend", "--backend"},
      paramLabel = "extractive|ollama|openai",
      description = "Who writes answers (default: chat.backend, else extractive).")
  String backend;

  @Option(
      names = {"--chat-model", "--model"},
      paramLabel = "<name>",
      description = "Model of an LLM backend (default: chat.model).")
  String model;

  @Option(
      names = {"--chat-url", "--url"},
      paramLabel = "<url>",
      description = "Base URL of an LLM backend (default: chat.url).")
  String url;

  /**
   * The given flags by config key, checked on their own.
   *
   * @throws CliException (usage) naming the bad flag
   */
  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (backend == null && model == null && url == null) {
      return flags;
    }
    try {
      new ChatSettings(backend, model, url, null, null);
    } catch (InvalidSettingsException e) {
      throw CliException.usage(
          "--chat-"
              + e.key().substring("chat.".length())
              + ": "
              + e.getMessage().substring(e.key().length() + 2));
    }
    put(flags, ConfigLoader.CHAT_BACKEND, backend);
    put(flags, ConfigLoader.CHAT_MODEL, model);
    put(flags, ConfigLoader.CHAT_URL, url);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
