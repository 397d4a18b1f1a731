package ai.kiana.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed in the middle of putAll (SIGKILL, no clean-up at all) leaves none of its batch
 * behind: SQLite ignores WAL frames of a transaction that never committed.
 */
class SqliteCrashTest {

  private static final int BATCH = 12_000;
  private static final long WAL_BYTES_BEFORE_KILL = 2L << 20;

  @TempDir Path dir;

  @Test
  void processKilledDuringPutAllLeavesNoPartialBatch() throws Exception {
    Path file = dir.resolve("kiana.db");
    List<KnowledgeBlock> before = new TestBlocks().random(20);
    try (BlockStore store = StoreFactory.open(StoreConfig.sqlite(file))) {
      store.putAll(before);
    }

    Process child = startWriter(file);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("writing");
      // Wait until the open transaction has spilled pages into the WAL, so the kill really lands
      // in the middle of a write that reached the disk.
      Path wal = Path.of(file + "-wal");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((!Files.exists(wal) || Files.size(wal) < WAL_BYTES_BEFORE_KILL)
          && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as("writer still running").isTrue();
        Thread.sleep(5);
      }
      assertThat(Files.size(wal)).isGreaterThanOrEqualTo(WAL_BYTES_BEFORE_KILL);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // A writer that had finished would have exited with 0 before the kill.
      assertThat(child.exitValue()).as("exit status of the killed writer").isNotZero();
    }

    try (BlockStore store = StoreFactory.open(StoreConfig.sqlite(file))) {
      assertThat(store.stats().blocks()).isEqualTo(before.size());
      before.forEach(b -> assertThat(store.get(b.id())).contains(b));
    }
    assertThat(integrityCheck(file)).isEqualTo("ok");
  }

  private static Process startWriter(Path file) throws Exception {
    // Surefire hides the real class path behind a manifest jar; it names it in this property.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            classPath,
            CrashingWriter.class.getName(),
            file.toString(),
            String.valueOf(BATCH))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String integrityCheck(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
