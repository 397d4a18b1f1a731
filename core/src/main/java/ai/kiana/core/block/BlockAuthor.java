package ai.kiana.core.block;

import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.NodeIdentity;
import java.util.HexFormat;

/** Turns drafts into blocks signed by this node, timestamped by its hybrid logical clock. */
public final class BlockAuthor {

  private static final HexFormat HEX = HexFormat.of();

  private final NodeIdentity identity;
  private final HybridLogicalClock clock;
  private final String key;

  public BlockAuthor(NodeIdentity identity, HybridLogicalClock clock) {
    this.identity = identity;
    this.clock = clock;
    this.key = HEX.formatHex(identity.publicKey());
  }

  public KnowledgeBlock sign(BlockDraft draft) {
    return signAt(draft, clock.now());
  }

  /** Signs with an explicit timestamp; for tests and tools that replay history. */
  public KnowledgeBlock signAt(BlockDraft draft, HlcTimestamp created) {
    byte[] bytes = BlockCodec.signingBytes(draft, identity.deviceId(), key, created);
    return new KnowledgeBlock(
        new BlockId(HEX.formatHex(Sha256.digest(bytes))),
        KnowledgeBlock.VERSION,
        draft.type(),
        draft.title(),
        draft.content(),
        draft.lang(),
        draft.tags(),
        draft.source(),
        identity.deviceId(),
        key,
        created,
        draft.supersedes(),
        draft.scope(),
        HEX.formatHex(identity.sign(bytes)));
  }

  public NodeIdentity identity() {
    return identity;
  }

  public HybridLogicalClock clock() {
    return clock;
  }
}
