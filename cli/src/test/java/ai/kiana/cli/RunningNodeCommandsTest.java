package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiana ask} and {@code kiana memory} in a second terminal while {@code kiana start} runs on
 * the same data directory: they go through the running node's API (which holds the search index)
 * and find it by the port it recorded in its lock file, not by configuration.
 */
class RunningNodeCommandsTest {

  @TempDir Path tmp;

  /** What kiana start holds while it runs: the lock (with the port), the node, its API. */
  record Running(NodeLock lock, Node node, HttpApi api) implements AutoCloseable {
    static Running in(Path dir) {
      NodeLock lock = NodeLock.acquire(dir);
      Node node =
          Node.open(
              new NodeConfig(
                  dir, "127.0.0.1", 0, DataDir.defaultJdbcUrl(dir), null, null, 1 << 20));
      HttpApi api = HttpApi.start(node);
      lock.recordPort(api.port());
      return new Running(lock, node, api);
    }

    @Override
    public void close() {
      api.close();
      node.close();
      lock.close();
    }
  }

  private static KnowledgeBlock fact(Node node, String text) {
    return node.knowledge()
        .add(
            new BlockDraft(
                BlockType.FACT, "", text, "de", List.of(), null, List.of(), Scope.PRIVATE));
  }

  /**
   * The CLI's environment points at a database it cannot open: were it to open the data directory
   * itself next to the running node, it would fail. Through the API it never touches the store.
   */
  private Kiana secondTerminal(Path dir) {
    return Kiana.withEnv(
        Map.of(
            "KIANA_HOME",
            dir.toString(),
            "KIANA_DB_URL",
            "jdbc:sqlite:" + tmp.resolve("no-such-dir/kiana.db")));
  }

  @Test
  void askGoesThroughTheRunningNodeAndCitesItsIndexedBlock() {
    Path dir = tmp.resolve("node");
    Kiana.in(dir).ok("init");
    try (Running running = Running.in(dir)) {
      KnowledgeBlock taught = fact(running.node(), "Der Rhein ist 1233 km lang.");
      Kiana cli = secondTerminal(dir);

      Kiana.Result r = cli.ok("ask", "Wie lang ist der Rhein?");

      assertThat(r.out()).startsWith("Der Rhein ist 1233 km lang. [1]\n");
      assertThat(r.out())
          .contains("Sources:\n[1] " + taught.id().shortForm())
          .contains("(verified)");
      String conversation = r.err().replaceAll("(?s).*--conversation ([0-9a-f]{32}).*", "$1");
      assertThat(conversation).matches("[0-9a-f]{32}");
      assertThat(cli.ok("ask", "Und wie lang ist der Rhein?", "--conversation", conversation).out())
          .contains("1233 km");
      Kiana.Result unknown = cli.run("ask", "Hallo", "--conversation", "f".repeat(32));
      assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(unknown.err()).contains("no conversation");
      Kiana.Result flags = cli.run("ask", "Hallo?", "--backend", "ollama");
      assertThat(flags.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(flags.err()).contains("a node is running");
    }
  }

  @Test
  void memoryCommandsGoThroughTheRunningNode() {
    Path dir = tmp.resolve("node");
    Kiana.in(dir).ok("init");
    try (Running running = Running.in(dir)) {
      Kiana cli = secondTerminal(dir);

      String id = cli.ok("memory", "add", "I am vegetarian").outLine();
      assertThat(running.node().chat().memories().list())
          .extracting(m -> m.id().hex())
          .containsExactly(id);
      assertThat(cli.ok("memory", "list").out()).contains("I am vegetarian");

      String edited = cli.ok("memory", "edit", id.substring(0, 8), "I am vegan").outLine();
      List<KnowledgeBlock> now = running.node().chat().memories().list();
      assertThat(now)
          .singleElement()
          .satisfies(m -> assertThat(m.content()).isEqualTo("I am vegan"));
      assertThat(now.get(0).supersedes()).containsExactly(BlockId.parseStrict(id));

      assertThat(cli.ok("memory", "delete", edited.substring(0, 8)).outLine())
          .startsWith("forgot ");
      assertThat(running.node().chat().memories().list()).isEmpty();
      assertThat(cli.run("memory", "delete", "abcdef").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }
  }

  @Test
  void withoutARunningNodeAskOpensTheDataDirectoryItself() {
    Path dir = tmp.resolve("node");
    Kiana kiana = Kiana.in(dir);
    kiana.ok("init");
    try (Running running = Running.in(dir)) {
      fact(running.node(), "Die Elbe ist 1094 km lang.");
    }
    // The node stopped: its lock is free, so ask reads the data directory itself.
    assertThat(NodeLock.runningPort(dir)).isEmpty();
    assertThat(kiana.ok("ask", "Wie lang ist die Elbe?").out()).startsWith("Die Elbe ist 1094 km");
  }
}
