package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.server.sync.SyncSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncFollowCommandTest {

  @TempDir Path tmp;

  @Test
  void withoutARunningNodeTheFilterIsSavedForTheNextStart() {
    Path dir = tmp.resolve("phone");
    Node.open(new NodeConfig(dir, "127.0.0.1", 0, DataDir.defaultJdbcUrl(dir), null, null, 1 << 20))
        .close();
    Kiana cli = Kiana.withEnv(Map.of("KIANA_HOME", dir.toString()));

    String set =
        cli.ok(
                "sync",
                "follow",
                "--scopes",
                "household",
                "--tags",
                "garden,kitchen",
                "--since",
                "30d")
            .out();
    assertThat(set).contains("tags:   garden, kitchen").contains("since:  30d").contains("saved");
    assertThat(SyncSettings.load(dir, Map.of()).follow().tags())
        .containsExactlyInAnyOrder("garden", "kitchen");

    // Options not given stay; --tags '' means any tags again.
    String shown = cli.ok("sync", "follow", "--tags", "").out();
    assertThat(shown)
        .contains("scopes: household")
        .contains("tags:   (any)")
        .contains("since:  30d");

    Kiana.Result bad = cli.run("sync", "follow", "--since", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err().lines()).singleElement().asString().contains("since must be");
    assertThat(SyncSettings.load(dir, Map.of()).follow().sinceText()).isEqualTo("30d");

    assertThat(cli.ok("sync", "follow", "--all").out())
        .contains("scopes: household,private,public")
        .contains("since:  all");
  }

  @Test
  void aRunningNodeAppliesTheFilterAtOnce() {
    try (PairAndPeersCommandTest.Running phone =
            PairAndPeersCommandTest.Running.in(tmp.resolve("phone"), "phone");
        NodeLock held = NodeLock.acquire(tmp.resolve("phone"))) {
      String out = phone.cli().ok("sync", "follow", "--tags", "garden", "--since", "2w").out();
      assertThat(out).contains("tags:   garden").contains("since:  14d").contains("applied");
      assertThat(phone.node().network().following().tags()).containsExactly("garden");
      assertThat(phone.node().network().following().sinceText()).isEqualTo("14d");
      Kiana.Result bad = phone.cli().run("sync", "follow", "--scopes", "everyone");
      assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(bad.err().lines()).singleElement().asString().contains("scopes");
    }
  }
}
