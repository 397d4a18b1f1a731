package ai.kiana.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

  @TempDir Path dataDir;

  @Test
  void keyIsCreatedOnceOwnerOnlyAndLoadsAsTheSameDevice() throws IOException {
    NodeIdentity created = KeyFile.loadOrCreate(dataDir, Ed25519Engines.fastest());
    NodeIdentity loaded = KeyFile.loadOrCreate(dataDir, Ed25519Engines.fastest());

    assertThat(loaded.deviceId()).isEqualTo(created.deviceId());
    if (DataDir.isPosix()) {
      Path key = DataDir.keyFile(dataDir);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void anExistingKeyIsNeverOverwritten() {
    NodeIdentity first = KeyFile.create(dataDir, Ed25519Engines.fastest());

    assertThatThrownBy(() -> KeyFile.create(dataDir, Ed25519Engines.fastest()))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("already exists");
    assertThat(KeyFile.load(dataDir, Ed25519Engines.fastest()).deviceId())
        .isEqualTo(first.deviceId());
  }

  @Test
  void aKeyOtherUsersCanReadIsRefusedWithTheFix() throws IOException {
    assumeTrue(DataDir.isPosix(), "needs POSIX file permissions");
    KeyFile.create(dataDir, Ed25519Engines.fastest());
    Path key = DataDir.keyFile(dataDir);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KeyFile.load(dataDir, Ed25519Engines.fastest()))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("can be read by other users")
        .extracting(e -> ((NodeSetupException) e).hint())
        .asString()
        .contains("chmod 600");
  }

  @Test
  void aDamagedKeyIsReportedNotReplaced() throws IOException {
    KeyFile.create(dataDir, Ed25519Engines.fastest());
    Path key = DataDir.keyFile(dataDir);
    Files.writeString(key, "garbage");

    assertThatThrownBy(() -> KeyFile.loadOrCreate(dataDir, Ed25519Engines.fastest()))
        .isInstanceOf(NodeSetupException.class)
        .hasMessageContaining("damaged");
    assertThat(Files.readString(key)).isEqualTo("garbage");
  }
}
