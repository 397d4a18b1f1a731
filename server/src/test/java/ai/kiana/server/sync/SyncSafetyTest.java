package ai.kiana.server.sync;

import static ai.kiana.server.sync.PeerRoutesTest.await;
import static ai.kiana.server.sync.PeerRoutesTest.sync;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.server.http.TestNode;
import ai.kiana.server.killswitch.KillSwitch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill switch stops knowledge sync at once and only a resume starts it again. */
class SyncSafetyTest {

  private static final String PHRASE = "purple elephants dance at noon";

  @TempDir Path dir;

  @Test
  void haltingStopsSyncAndResumingStartsItAgain() throws Exception {
    try (TestNode a = TestNode.start(dir.resolve("a"));
        TestNode b = TestNode.start(dir.resolve("b"))) {
      sync(a, "laptop");
      sync(b, "phone");
      String code = a.postJson("/api/v1/pairing", "{}").json().path("code").asText();
      assertThat(
              b.postJson("/api/v1/pairing/join", "{\"code\":" + PeerRoutesTest.quote(code) + "}")
                  .status())
          .isEqualTo(200);
      await(() -> a.node.network().connected(b.node.identity().deviceId()));

      KillSwitch killSwitch = a.node.security().killSwitch();
      killSwitch.setPhrase(null, PHRASE, "creator");
      killSwitch.engage(PHRASE, "creator");

      assertThat(a.node.network()).as("no sync while halted").isNull();
      await(() -> !b.node.network().connected(a.node.identity().deviceId()));
      b.node.knowledge().add(BlockDraft.fact("taught while the laptop is halted"));

      killSwitch.resume(PHRASE, "creator");

      assertThat(a.node.network()).as("sync runs again after the resume").isNotNull();
      // The laptop remembers the phone's address from the pairing and dials it.
      await(() -> a.node.store().stats().blocks() == b.node.store().stats().blocks());
    }
  }
}
