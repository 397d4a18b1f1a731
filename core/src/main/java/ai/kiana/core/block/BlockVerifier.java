package ai.kiana.core.block;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Sha256;
import java.util.HexFormat;

/**
 * Checks a block: its id is the hash of its signing bytes, its key is its author's, and its
 * signature verifies under that key. Offline a key is the author's when the author ID is its hash;
 * with {@link DeviceKeys} from the ledger, a key the device rotated to is its key too, and a key it
 * rotated away from signs only blocks created before the rotation. Thread-safe.
 */
public final class BlockVerifier {

  private static final HexFormat HEX = HexFormat.of();

  private final Ed25519 ed25519;
  private final DeviceKeys keys;

  public BlockVerifier(Ed25519 ed25519) {
    this(ed25519, DeviceKeys.OFFLINE);
  }

  public BlockVerifier(Ed25519 ed25519, DeviceKeys keys) {
    this.ed25519 = ed25519;
    this.keys = keys;
  }

  public Verification verify(KnowledgeBlock block) {
    byte[] bytes = BlockCodec.signingBytes(block);
    if (!HEX.formatHex(Sha256.digest(bytes)).equals(block.id().hex())) {
      return new Verification.Invalid("id does not match the block's content");
    }
    byte[] key = HEX.parseHex(block.key());
    DeviceKeys.Held held = keys.held(block.author(), block.key());
    if (held == null ? !block.author().matches(key) : held == DeviceKeys.Held.NEVER) {
      return new Verification.Invalid("key does not belong to the author device");
    }
    if (held != null && !held.covers(block.created().millis())) {
      return new Verification.Invalid(
          "signed by a key the author had rotated away before the block's time");
    }
    if (!ed25519.verify(key, bytes, HEX.parseHex(block.sig()))) {
      return new Verification.Invalid("signature does not verify");
    }
    return new Verification.Valid(block.author());
  }
}
