package ai.kiana.core.block;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Sha256;
import java.util.HexFormat;

/**
 * Checks a block offline: its id is the hash of its signing bytes, its key hashes to its author,
 * and its signature verifies under that key. Thread-safe.
 */
public final class BlockVerifier {

  private static final HexFormat HEX = HexFormat.of();

  private final Ed25519 ed25519;

  public BlockVerifier(Ed25519 ed25519) {
    this.ed25519 = ed25519;
  }

  public Verification verify(KnowledgeBlock block) {
    byte[] bytes = BlockCodec.signingBytes(block);
    if (!HEX.formatHex(Sha256.digest(bytes)).equals(block.id().hex())) {
      return new Verification.Invalid("id does not match the block's content");
    }
    byte[] key = HEX.parseHex(block.key());
    if (!block.author().matches(key)) {
      return new Verification.Invalid("key does not belong to the author device");
    }
    if (!ed25519.verify(key, bytes, HEX.parseHex(block.sig()))) {
      return new Verification.Invalid("signature does not verify");
    }
    return new Verification.Valid(block.author());
  }
}
