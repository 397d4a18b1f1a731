package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.NetConfig;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairAndPeersCommandTest {

  @TempDir Path tmp;

  /** A running node (what kiana start runs) with sync on a free loopback port. */
  record Running(Node node, HttpApi api, Kiana cli) implements AutoCloseable {
    static Running in(Path dir, String name) {
      NodeConfig config =
          new NodeConfig(dir, "127.0.0.1", 0, DataDir.defaultJdbcUrl(dir), null, null, 1 << 20);
      Node node = Node.open(config);
      HttpApi api = HttpApi.start(node);
      node.startSync(NetConfig.defaults("127.0.0.1", 0, name, dir.resolve("peers.json")));
      Kiana cli =
          Kiana.withEnv(
              Map.of("KIANA_HOME", dir.toString(), "KIANA_PORT", String.valueOf(api.port())));
      return new Running(node, api, cli);
    }

    @Override
    public void close() {
      api.close();
      node.close();
    }
  }

  @Test
  void pairShowsACodeThatTheOtherDeviceRedeemsAndPeersListsBoth() throws Exception {
    try (Running a = Running.in(tmp.resolve("a"), "laptop");
        Running b = Running.in(tmp.resolve("b"), "phone")) {
      String shown = a.cli().ok("pair").out();
      Matcher m = Pattern.compile("kiana:pair\\?\\S+").matcher(shown);
      assertThat(m.find()).as("a code in: " + shown).isTrue();

      String paired = b.cli().ok("pair", m.group()).outLine();
      assertThat(paired).startsWith("paired with " + a.node().identity().deviceId().display());
      assertThat(paired).contains("(laptop)");

      String peers = b.cli().ok("peers").out();
      assertThat(peers)
          .contains(a.node().identity().deviceId().hex().substring(0, 16))
          .contains("laptop");
    }
  }

  @Test
  void aWrongCodeIsOneLineAndANonZeroExit() {
    try (Running b = Running.in(tmp.resolve("b"), "phone")) {
      Kiana.Result r = b.cli().run("pair", "not-a-code");
      assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().lines()).singleElement().asString().contains("not a KI_ana pairing code");
    }
  }

  @Test
  void peersWithoutARunningNodeSaysSoInOneLine() {
    Kiana.Result r =
        Kiana.withEnv(Map.of("KIANA_HOME", tmp.toString(), "KIANA_PORT", "1")).run("peers");
    assertThat(r.exitCode()).isEqualTo(ExitCode.DATA);
    assertThat(r.err()).contains("no KI_ana node answers");
  }
}
