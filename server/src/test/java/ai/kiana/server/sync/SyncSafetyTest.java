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

/**
 * The kill switch stops knowledge sync at once (the ledger link stays) and only a resume starts it
 * again.
 */
class SyncSafetyTest {

  private static final String PHRASE = "purple elephants dance at noon";

  @TempDir Path dir;

  @Test
  void haltingStopsKnowledgeSyncButKeepsTheLedgerLinkAndResumingCatchesUp() throws Exception {
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
      assertThat(b.node.ledger().genesis())
          .as("b joined a's ledger")
          .isEqualTo(a.node.ledger().genesis());

      KillSwitch killSwitch = a.node.security().killSwitch();
      killSwitch.setPhrase(null, PHRASE, "creator");
      killSwitch.engage(PHRASE, "creator");

      // The connection stays for the ledger (the resume travels over it); knowledge does not.
      assertThat(a.node.network()).isNotNull();
      var taught = b.node.knowledge().add(BlockDraft.fact("taught while the laptop is halted"));
      b.node.network().syncNow();
      Thread.sleep(1000);
      assertThat(a.node.store().get(taught.id())).as("no knowledge sync while halted").isEmpty();
      assertThat(a.node.network().connected(b.node.identity().deviceId())).isTrue();

      killSwitch.resume(PHRASE, "creator");

      await(() -> a.node.store().get(taught.id()).isPresent());
    }
  }
}
