package ai.kiana.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.ai.chat.ChatSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatConfigTest {

  @TempDir Path dataDir;

  @Test
  void withNothingConfiguredAnswersComeFromTheExtractiveAnswerer() {
    ChatSettings chat = ConfigLoader.load(dataDir, Map.of(), Map.of()).chat();
    assertThat(chat.backend()).isEqualTo("extractive");
    assertThat(chat.url()).isNull();
    assertThat(chat.timeout()).isEqualTo(ChatSettings.DEFAULT_TIMEOUT);
  }

  @Test
  void chatKeysFollowFileThenEnvironmentThenFlags() throws IOException {
    Files.writeString(
        dataDir.resolve(ConfigLoader.FILE_NAME),
        "chat.backend=ollama\nchat.url=http://10.0.0.2:11434\nchat.model=mistral\nchat.timeout-ms=5000\n");

    ChatSettings chat =
        ConfigLoader.load(
                dataDir,
                Map.of("KIANA_CHAT_URL", "http://127.0.0.1:9999", "KIANA_CHAT_API_KEY", "sk-1"),
                Map.of("chat.model", "qwen2.5"))
            .chat();

    assertThat(chat.backend()).isEqualTo("ollama");
    assertThat(chat.url()).isEqualTo("http://127.0.0.1:9999");
    assertThat(chat.model()).isEqualTo("qwen2.5");
    assertThat(chat.apiKey()).isEqualTo("sk-1");
    assertThat(chat.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badChatValuesNameTheKeyAndWhereTheyCameFrom() {
    assertThatThrownBy(
            () -> ConfigLoader.load(dataDir, Map.of("KIANA_CHAT_URL", "localhost:11434"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("chat.url")
        .hasMessageContaining("env KIANA_CHAT_URL");
    assertThatThrownBy(() -> ConfigLoader.load(dataDir, Map.of(), Map.of("chat.backend", "gpt")))
        .hasMessageContaining("chat.backend")
        .hasMessageContaining("command line");
    assertThatThrownBy(
            () -> ConfigLoader.load(dataDir, Map.of("KIANA_CHAT_TIMEOUT_MS", "5"), Map.of()))
        .hasMessageContaining("chat.timeout-ms");
  }

  @Test
  void savedChatSettingsKeepTheOtherLinesAndLoadBack() throws IOException {
    Files.writeString(
        dataDir.resolve(ConfigLoader.FILE_NAME),
        "# my settings\nport=9001\nchat.backend=extractive\n");

    ConfigLoader.saveChat(
        dataDir, new ChatSettings("openai", "qwen", "http://127.0.0.1:8080/v1", null, null));

    String file = Files.readString(dataDir.resolve(ConfigLoader.FILE_NAME));
    assertThat(file).contains("# my settings").contains("port=9001").doesNotContain("extractive");
    NodeConfig loaded = ConfigLoader.load(dataDir, Map.of(), Map.of());
    assertThat(loaded.port()).isEqualTo(9001);
    assertThat(loaded.chat().backend()).isEqualTo("openai");
    assertThat(loaded.chat().url()).isEqualTo("http://127.0.0.1:8080/v1");
  }
}
