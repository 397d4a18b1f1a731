package ai.kiana.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each benchmark with its quick settings: proves every code path works and prints its tables.
 * The figures are not looked at (no timing assertions on shared machines).
 */
@Tag("slow")
class BenchSmokeTest {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  @Test
  void signatureBenchPrintsARowPerEngineAndOperationWithTheJdkAsBaseline() {
    Table table = new SignatureBench(Measure.Settings.QUICK, out).run();

    assertThat(table.render()).contains("jdk", "sign", "verify", "1.00x");
    assertThat(printed()).contains("Ed25519 engines");
  }

  @Test
  void blockBenchPrintsRatesLatenciesAndTheBreakdown() {
    List<Table> tables = new BlockBench(BlockBench.Config.QUICK, out).run();

    assertThat(tables).hasSize(3);
    assertThat(printed())
        .contains(
            "(c) create + sign + store, putAll",
            "KnowledgeBase.addAll",
            "KnowledgeBase.verifyAll",
            "BlockStore.get",
            "Where the time");
  }

  @Test
  void startupBenchSkipsTheLauncherWhenTheCliIsNotBuilt(@TempDir Path emptyRoot) throws Exception {
    List<Table> tables = new StartupBench(StartupBench.Config.QUICK, out, emptyRoot).run();

    assertThat(tables).hasSize(2);
    assertThat(printed()).contains("Node.open + HttpApi.start, existing dir", "skipped:");
  }

  @Test
  void authBenchComparesTheSameRouteWithAndWithoutATokenAndTimesArgon2() throws Exception {
    List<Table> tables = new AuthBench(AuthBench.Config.QUICK, out).run();

    assertThat(tables).hasSize(2);
    assertThat(printed())
        .contains("GET /healthz, no token", "GET /healthz, bearer token", "authorisation adds")
        .contains("argon2id m=1024 KiB");
  }

  @Test
  void webBenchPrintsTheBlockListPagesAgainstHealthz() throws Exception {
    new WebBench(WebBench.Config.QUICK, out).run();

    assertThat(printed())
        .contains(
            "GET /healthz (baseline)",
            "1.00x",
            "block list, first page of 50",
            "block list, page 21 (cursor)",
            "block detail");
  }

  @Test
  void chatBenchTimesTheFirstTokenAndTheOverheadOnAnOpenAiBackend() throws Exception {
    List<Table> tables = new ChatBench(ChatBench.Config.QUICK).run();

    assertThat(tables.stream().map(Table::render))
        .anySatisfy(t -> assertThat(t).contains("POST /api/v1/chat, first token"));
  }

  private String printed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
