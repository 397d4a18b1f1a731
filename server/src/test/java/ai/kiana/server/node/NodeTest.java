package ai.kiana.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTest {

  @TempDir Path dataDir;

  @Test
  void reopeningANodeKeepsItsDeviceAndItsBlocks() {
    KnowledgeBlock taught;
    String device;
    try (Node node = Node.open(NodeConfig.defaults(dataDir))) {
      taught = node.knowledge().add(BlockDraft.fact("Die Erde ist rund"));
      device = node.identity().deviceId().hex();
    }
    try (Node node = Node.open(NodeConfig.defaults(dataDir))) {
      assertThat(node.identity().deviceId().hex()).isEqualTo(device);
      assertThat(node.store().get(taught.id())).contains(taught);
    }
  }

  @Test
  void aRestartedNodeWhoseClockWentBackStillStampsAfterItsNewestBlock() {
    FakeClock clock = new FakeClock();
    KnowledgeBlock before;
    try (Node node = Node.open(NodeConfig.defaults(dataDir), clock)) {
      before = node.knowledge().add(BlockDraft.fact("first"));
    }
    clock.advance(Duration.ofMinutes(-3));
    try (Node node = Node.open(NodeConfig.defaults(dataDir), clock)) {
      KnowledgeBlock after = node.knowledge().add(BlockDraft.fact("second"));
      assertThat(after.created()).isGreaterThan(before.created());
    }
  }
}
