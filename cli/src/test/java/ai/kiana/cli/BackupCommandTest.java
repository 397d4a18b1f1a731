package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {

  @TempDir Path tmp;

  @Test
  void backupWhileANodeRunsThenRestoreLosesNothing() throws Exception {
    Kiana source = Kiana.in(tmp.resolve("source"));
    source.ok("init");
    source.ok("teach", "Die Erde ist rund", "--tag", "geo");
    source.ok("teach", "Notiz", "--type", "note", "--scope", "household");
    Path zip = tmp.resolve("backups/kiana.zip");

    Kiana.Result backup;
    try (Node running = Node.open(NodeConfig.defaults(source.dataDir()))) {
      running.knowledge().add(ai.kiana.core.block.BlockDraft.fact("vom laufenden Knoten"));
      backup = source.run("backup", zip.toString());
    }

    assertThat(backup.exitCode()).as(backup.err()).isZero();
    assertThat(backup.out()).contains("backup of 3 blocks written to " + zip);
    Kiana target = Kiana.in(tmp.resolve("target"));
    Kiana.Result restore = target.run("restore", zip.toString());
    assertThat(restore.exitCode()).as(restore.err()).isZero();
    assertThat(restore.out()).contains("restored 3 blocks");
    assertThat(target.ok("id").outLine()).isEqualTo(source.ok("id").outLine());
    assertThat(target.ok("export").out()).isEqualTo(source.ok("export").out());
    assertThat(target.ok("verify").outLine()).isEqualTo("3 blocks verified");
    assertThat(Files.readAllBytes(target.dataDir().resolve("identity/node.key")))
        .isEqualTo(Files.readAllBytes(source.dataDir().resolve("identity/node.key")));
  }

  @Test
  void restoreRefusesADataDirectoryThatHasAKey() {
    Kiana source = Kiana.in(tmp.resolve("source"));
    source.ok("init");
    Path zip = tmp.resolve("kiana.zip");
    source.ok("backup", zip.toString());

    Kiana.Result r = source.run("restore", zip.toString());

    ErrorHandlingTest.assertOneCleanLine(r, 4, "already holds a node key");
  }

  @Test
  void restoreOfAFileThatIsNoBackupIsADataProblem() throws Exception {
    Path notZip = Files.writeString(tmp.resolve("x.zip"), "hello");

    Kiana.Result r = Kiana.in(tmp.resolve("target")).run("restore", notZip.toString());

    ErrorHandlingTest.assertOneCleanLine(r, 4, "is not a KI_ana backup");
    assertThat(tmp.resolve("target/identity/node.key")).doesNotExist();
  }
}
