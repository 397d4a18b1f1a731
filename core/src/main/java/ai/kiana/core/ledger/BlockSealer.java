package ai.kiana.core.ledger;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.merkle.MerkleTree;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/** Makes sealed blocks: fills in the derived members (txRoot, hash) and signs the seal. */
public final class BlockSealer {

  private BlockSealer() {}

  /**
   * The next block on top of {@code parent}, sealed by {@code proposer}, with the height, parent
   * hash, difficulty (in turn or not) and checkpoint (on epoch blocks) that {@code parent} calls
   * for. Whether {@code proposer} may seal now at all is for the caller to check ({@link
   * LedgerState#isValidator}, {@link LedgerState#sealedRecently}); the rules reject it otherwise.
   */
  public static LedgerBlock next(
      NodeIdentity proposer, LedgerState parent, long timestamp, List<LedgerTx> txs) {
    long height = parent.height() + 1;
    List<DeviceId> checkpoint = parent.params().isEpochBlock(height) ? parent.validators() : null;
    return seal(
        proposer,
        height,
        parent.hash(),
        timestamp,
        parent.difficultyFor(proposer.deviceId()),
        txs,
        checkpoint);
  }

  /**
   * A block with every member as given (except the derived txRoot and hash), sealed by {@code
   * proposer}: for genesis, tests and scenario tools that need blocks the rules may reject.
   */
  public static LedgerBlock seal(
      NodeIdentity proposer,
      long height,
      String parentHash,
      long timestamp,
      int difficulty,
      List<LedgerTx> txs,
      List<DeviceId> checkpoint) {
    String key = LedgerHex.HEX.formatHex(proposer.publicKey());
    List<byte[]> leaves = new ArrayList<>(txs.size());
    for (LedgerTx tx : txs) {
      leaves.add(Sha256.digest(TxCodec.signingBytes(tx)));
    }
    String txRoot = MerkleTree.rootHex(leaves);
    ArrayNode txNodes = LedgerBlockCodec.txNodes(txs);
    byte[] signing =
        CanonicalJson.canonicalize(
            LedgerBlockCodec.unsealedNode(
                height,
                parentHash,
                timestamp,
                proposer.deviceId(),
                key,
                difficulty,
                txNodes,
                txRoot,
                checkpoint));
    return new LedgerBlock(
        height,
        parentHash,
        timestamp,
        proposer.deviceId(),
        key,
        difficulty,
        txs,
        txRoot,
        checkpoint,
        Sha256.hex(signing),
        LedgerHex.HEX.formatHex(proposer.sign(signing)));
  }
}
