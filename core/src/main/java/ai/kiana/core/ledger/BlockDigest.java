package ai.kiana.core.ledger;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.merkle.MerkleTree;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything about a block that needs hashing or signature checks, computed once: the hash its
 * content really has, whether the seal verifies, each transaction's id, the first transaction whose
 * signature does not verify, and the real transaction root.
 *
 * <p>This is the expensive part of validation and depends on the block alone, so {@link
 * ai.kiana.core.ledger.rules.ChainValidator} computes digests of many blocks in parallel before it
 * runs the (cheap, sequential) rules. The record states facts only; the rules judge them.
 *
 * @param hash SHA-256 of the block's signing bytes (hex)
 * @param sealVerifies whether {@code seal} is a valid signature of the signing bytes under {@code
 *     key} (whether {@code key} belongs to the proposer is the rule's business)
 * @param txIds each transaction's id (hex), in block order
 * @param firstBadTxSignature index of the first transaction whose signature does not verify under
 *     its key (or, for a key rotation, whose new key's signature over the rotation statement does
 *     not verify); -1 if all verify. Whether the key is the issuer's is the rules' business: after
 *     a rotation it no longer hashes to the issuer.
 * @param txRoot the Merkle root of {@code txIds} (hex)
 */
public record BlockDigest(
    LedgerBlock block,
    String hash,
    boolean sealVerifies,
    List<String> txIds,
    int firstBadTxSignature,
    String txRoot) {

  public BlockDigest {
    txIds = List.copyOf(txIds);
  }

  /** Hashes and verifies {@code block}; thread-safe, so blocks may be digested in parallel. */
  public static BlockDigest of(LedgerBlock block, Ed25519 ed25519) {
    List<LedgerTx> txs = block.txs();
    ArrayNode signedTxs = LedgerJson.NODES.arrayNode(txs.size());
    List<byte[]> leaves = new ArrayList<>(txs.size());
    String[] ids = new String[txs.size()];
    int firstBad = -1;
    for (int i = 0; i < txs.size(); i++) {
      LedgerTx tx = txs.get(i);
      ObjectNode node = TxCodec.unsignedNode(tx.payload(), tx.issuer(), tx.key(), tx.seq());
      byte[] bytes = CanonicalJson.canonicalize(node);
      byte[] id = Sha256.digest(bytes);
      leaves.add(id);
      ids[i] = LedgerHex.HEX.formatHex(id);
      if (firstBad < 0 && !verifies(ed25519, tx, bytes)) {
        firstBad = i;
      }
      node.put("sig", tx.sig());
      signedTxs.add(node);
    }
    byte[] signing = CanonicalJson.canonicalize(LedgerBlockCodec.unsealedNode(block, signedTxs));
    byte[] key = LedgerHex.HEX.parseHex(block.key());
    boolean seal = ed25519.verify(key, signing, LedgerHex.HEX.parseHex(block.seal()));
    return new BlockDigest(
        block, Sha256.hex(signing), seal, Arrays.asList(ids), firstBad, MerkleTree.rootHex(leaves));
  }

  private static boolean verifies(Ed25519 ed25519, LedgerTx tx, byte[] m) {
    byte[] keyBytes = LedgerHex.HEX.parseHex(tx.key());
    if (!ed25519.verify(keyBytes, m, LedgerHex.HEX.parseHex(tx.sig()))) {
      return false;
    }
    if (tx.payload() instanceof TxPayload.KeyRotated r) {
      byte[] statement = TxPayload.KeyRotated.rotationStatement(tx.issuer(), tx.key(), r.newKey());
      return ed25519.verify(
          LedgerHex.HEX.parseHex(r.newKey()), statement, LedgerHex.HEX.parseHex(r.newKeySig()));
    }
    return true;
  }
}
