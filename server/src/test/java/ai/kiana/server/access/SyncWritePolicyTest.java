package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.server.http.TestNode;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sensor's blocks may do when they arrive by sync, judged as the node judges them. */
class SyncWritePolicyTest {

  @TempDir Path dir;
  TestNode server;
  TestBlocks sensor = new TestBlocks(21);
  SyncWritePolicy policy;

  @BeforeEach
  void admitASensor() throws Exception {
    server = TestNode.start(dir);
    NodeIdentity id = sensor.identity();
    String admit =
        "{\"type\":\"device-admitted\",\"device\":\""
            + id.deviceId().hex()
            + "\",\"deviceKey\":\""
            + HexFormat.of().formatHex(id.publicKey())
            + "\",\"role\":\"sensor\",\"name\":\"thermometer\"}";
    assertThat(server.postJson("/api/v1/ledger/transactions", admit).status()).isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (server.node.ledger().headState().device(id.deviceId()) == null) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      server.clock.advance(Duration.ofSeconds(1));
      Thread.sleep(50);
    }
    policy =
        new SyncWritePolicy(
            server.node.ledger()::headState, server.node.security().scopes(), server.node.store());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private KnowledgeBlock note(Scope scope, List<ai.kiana.core.block.BlockId> supersedes) {
    return sensor.sign(
        new BlockDraft(BlockType.NOTE, "", "21.5 °C", "en", List.of(), null, supersedes, scope));
  }

  @Test
  void aSensorWritesOnlyItsOwnScopeAndOthersWriteAnywhere() {
    assertThat(policy.test(note(Scope.PRIVATE, List.of()))).isTrue();
    assertThat(policy.test(note(Scope.HOUSEHOLD, List.of()))).isFalse();
    assertThat(policy.test(new TestBlocks(22).fact("a device the ledger does not know"))).isTrue();
  }

  @Test
  void aSensorCannotRetractOrEditOthersBlocks() {
    KnowledgeBlock creators = server.node.knowledge().add(BlockDraft.fact("the creator's fact"));
    KnowledgeBlock own = note(Scope.PRIVATE, List.of());
    server.node.store().put(own);

    assertThat(policy.test(note(Scope.PRIVATE, List.of(creators.id())))).isFalse();
    assertThat(policy.test(note(Scope.PRIVATE, List.of(own.id())))).isTrue();
  }
}
