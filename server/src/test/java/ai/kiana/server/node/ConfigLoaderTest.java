package ai.kiana.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dataDir;

  @Test
  void withNothingConfiguredTheNodeUsesSqliteInItsDataDirOnLoopback() {
    NodeConfig config = ConfigLoader.load(dataDir, Map.of(), Map.of());

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + dataDir.resolve("kiana.db"));
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(NodeConfig.DEFAULT_PORT);
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
    Files.writeString(
        dataDir.resolve(ConfigLoader.FILE_NAME), "port=9001\nhost=::1\nhttp.max-body-bytes=2048\n");

    NodeConfig fileOnly = ConfigLoader.load(dataDir, Map.of(), Map.of());
    NodeConfig withEnv = ConfigLoader.load(dataDir, Map.of("KIANA_PORT", "9002"), Map.of());
    NodeConfig withFlag =
        ConfigLoader.load(dataDir, Map.of("KIANA_PORT", "9002"), Map.of("port", "9003"));

    assertThat(fileOnly.port()).isEqualTo(9001);
    assertThat(fileOnly.host()).isEqualTo("::1");
    assertThat(fileOnly.maxBodyBytes()).isEqualTo(2048);
    assertThat(withEnv.port()).isEqualTo(9002);
    assertThat(withFlag.port()).isEqualTo(9003);
  }

  @Test
  void aBadValueNamesItsKeyAndWhereItCameFrom() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(dataDir, Map.of("KIANA_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port")
        .hasMessageContaining("env KIANA_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(dataDir, Map.of(), Map.of("port", "70000")))
        .hasMessageContaining("port")
        .hasMessageContaining("command line");

    Files.writeString(dataDir.resolve(ConfigLoader.FILE_NAME), "db.url=jdbc:mysql://x/y\n");
    assertThatThrownBy(() -> ConfigLoader.load(dataDir, Map.of(), Map.of()))
        .hasMessageContaining("db.url")
        .hasMessageContaining(ConfigLoader.FILE_NAME);
  }

  @Test
  void anUnknownKeyInTheFileIsAnErrorNotSilentlyIgnored() throws IOException {
    Files.writeString(dataDir.resolve(ConfigLoader.FILE_NAME), "prot=9001\n");

    assertThatThrownBy(() -> ConfigLoader.load(dataDir, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("prot")
        .hasMessageContaining("unknown key");
  }

  @Test
  void dataDirComesFromTheFlagThenKianaHomeThenThePlatformDefault() {
    Path home = Path.of("/home/ada");
    assertThat(DataDir.resolve(Path.of("/tmp/a"), Map.of("KIANA_HOME", "/tmp/b")))
        .isEqualTo(Path.of("/tmp/a"));
    assertThat(DataDir.resolve(null, Map.of("KIANA_HOME", "/tmp/b"))).isEqualTo(Path.of("/tmp/b"));
    assertThat(DataDir.platformDefault(Map.of(), "Linux", home))
        .isEqualTo(home.resolve(".local/share/kiana"));
    assertThat(DataDir.platformDefault(Map.of("XDG_DATA_HOME", "/data"), "Linux", home))
        .isEqualTo(Path.of("/data/kiana"));
    assertThat(DataDir.platformDefault(Map.of(), "Mac OS X", home))
        .isEqualTo(home.resolve("Library/Application Support/KI_ana"));
    assertThat(
            DataDir.platformDefault(
                Map.of("LOCALAPPDATA", "/c/Users/ada/AppData/Local"), "Windows 11", home))
        .isEqualTo(Path.of("/c/Users/ada/AppData/Local/KI_ana"));
  }
}
