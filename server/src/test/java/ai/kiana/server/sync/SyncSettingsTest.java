package ai.kiana.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.Scope;
import ai.kiana.server.node.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSettingsTest {

  @TempDir Path dir;

  static final String PEER =
      "0101010101010101010101010101010101010101010101010101010101010101@10.0.0.2:8471";

  @Test
  void defaultsListenOnTheSyncPortForAllScopes() {
    SyncSettings s = SyncSettings.load(dir, Map.of());
    assertThat(s.enabled()).isTrue();
    assertThat(s.port()).isEqualTo(8471);
    assertThat(s.scopes()).containsExactlyInAnyOrder(Scope.values());
  }

  @Test
  void fileAndEnvironmentSetPeersScopesAndPortWithTheEnvironmentWinning() throws Exception {
    Files.writeString(dir.resolve("kiana.properties"), "sync.port=9000\nsync.peers=" + PEER + "\n");
    SyncSettings s =
        SyncSettings.load(dir, Map.of("KIANA_SYNC_PORT", "9100", "KIANA_SYNC_SCOPES", "household"));
    assertThat(s.port()).isEqualTo(9100);
    assertThat(s.peers())
        .singleElement()
        .satisfies(p -> assertThat(p.address().port()).isEqualTo(8471));
    assertThat(s.scopes()).isEqualTo(Set.of(Scope.HOUSEHOLD));
  }

  @Test
  void badValuesNameTheirKey() throws Exception {
    assertThatThrownBy(() -> SyncSettings.load(dir, Map.of("KIANA_SYNC_PEERS", "nonsense")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.peers");
    Files.writeString(dir.resolve("kiana.properties"), "sync.prot=1\n");
    assertThatThrownBy(() -> SyncSettings.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.prot");
  }
}
