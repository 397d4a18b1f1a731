package ai.kiana.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingConfigTest {

  @TempDir Path dir;

  @Test
  void defaultIsTheBundledModel() {
    NodeConfig c = ConfigLoader.load(dir, Map.of(), Map.of());
    assertThat(c.embedding().kind()).isEqualTo("minilm");
    assertThat(c.embedding().modelId()).isEqualTo("all-minilm-l6-v2-q/256");
  }

  @Test
  void environmentOverridesTheFileAndRelativeModelPathsAreInTheDataDir() throws Exception {
    Files.writeString(
        dir.resolve(ConfigLoader.FILE_NAME),
        "embedding.kind=onnx\nembedding.model-path=models/m.onnx\n"
            + "embedding.tokenizer-path=models/tokenizer.json\n");
    NodeConfig c =
        ConfigLoader.load(
            dir,
            Map.of("KIANA_EMBEDDING_KIND", "ollama", "KIANA_EMBEDDING_MODEL", "nomic-embed-text"),
            Map.of());
    assertThat(c.embedding().kind()).isEqualTo("ollama");
    assertThat(c.embedding().model()).isEqualTo("nomic-embed-text");
    assertThat(c.embedding().url()).isEqualTo(URI.create("http://127.0.0.1:11434"));
    assertThat(c.embedding().modelPath()).isEqualTo(dir.resolve("models/m.onnx").toAbsolutePath());
  }

  @Test
  void unknownKindOrIncompleteSettingsNameTheKey() throws Exception {
    Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), "embedding.kind=word2vec\n");
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embedding.kind")
        .hasMessageContaining("word2vec");
    Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), "embedding.kind=onnx\n");
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of(), Map.of()))
        .hasMessageContaining("embedding.model-path");
    Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), "embedding.url=ftp://x\n");
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of(), Map.of()))
        .hasMessageContaining("embedding.url");
  }
}
