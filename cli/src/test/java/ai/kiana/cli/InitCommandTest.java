package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

  @TempDir Path tmp;

  @Test
  void initCreatesAnOwnerOnlyKeyAndPrintsTheDeviceIdAndDataDir() throws Exception {
    Path dir = tmp.resolve("node");
    Kiana.Result r = Kiana.in(dir).ok("init");

    Path key = dir.resolve("identity/node.key");
    assertThat(key).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("identity/message.key"))))
        .isEqualTo("rw-------");
    String id = Kiana.in(dir).ok("id").outLine();
    assertThat(r.out()).contains("Device ID: " + id).contains("Data dir:  " + dir);
  }

  @Test
  void initWritesTheKeyAndADatabaseHoldingTheLedgerGenesis() throws Exception {
    Path dir = tmp.resolve("node");
    Kiana.Result r = Kiana.in(dir).ok("init");

    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .contains("identity/node.key", "identity/message.key", "kiana.db")
          .allMatch(
              f ->
                  f.equals("identity/node.key")
                      || f.equals("identity/message.key")
                      || f.startsWith("kiana.db")
                      || f.startsWith("index/"));
    }
    assertThat(r.out()).contains("Ledger:    genesis ").contains("creator and first validator");
    assertThat(Kiana.in(dir).ok("verify", "--ledger").outLine())
        .startsWith("1 ledger blocks verified");
    String id = Kiana.in(dir).ok("id").outLine();
    assertThat(Kiana.in(dir).ok("ledger", "validators").out())
        .contains(id)
        .contains("creator")
        .contains("[this device]");
  }

  @Test
  void initIsIdempotentAndNeverTouchesAnExistingKey() throws Exception {
    Kiana kiana = Kiana.in(tmp);
    kiana.ok("init");
    byte[] key = Files.readAllBytes(tmp.resolve("identity/node.key"));
    String id = kiana.ok("id").outLine();

    Kiana.Result again = kiana.run("init");

    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .contains("already set up")
        .contains(id)
        .contains("1 blocks from genesis");
    assertThat(Files.readAllBytes(tmp.resolve("identity/node.key"))).isEqualTo(key);
  }
}
