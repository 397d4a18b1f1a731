package ai.kiana.cli;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;

/** Makes blocks that claim an id and signature their content does not have. */
final class Tamper {

  private Tamper() {}

  static KnowledgeBlock withContent(KnowledgeBlock b, String content) {
    return TestBlocks.withContent(b, content);
  }

  /** The JSON line of a block with its content changed but its id and signature kept. */
  static String line(String jsonLine, String content) {
    return BlockCodec.toJson(withContent(BlockCodec.fromJson(jsonLine), content));
  }

  /**
   * Writes a tampered block straight into a node's store, as a damaged disk or an attacker would.
   */
  static void storeDirectly(Path dataDir, KnowledgeBlock block) {
    try (Node node = Node.open(NodeConfig.defaults(dataDir))) {
      node.store().put(block);
    }
  }
}
