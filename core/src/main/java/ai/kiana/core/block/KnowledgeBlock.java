package ai.kiana.core.block;

import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.identity.DeviceId;
import java.util.List;

/**
 * A signed, immutable knowledge block (format version {@value #VERSION}, see docs/PROTOCOL.md).
 *
 * <p>An instance is well-formed but not necessarily authentic: {@code id} and {@code sig} are what
 * the block claims. {@link BlockVerifier} checks them. {@code key} is the author's Ed25519 public
 * key (64 hex); {@code author} must be its SHA-256, so any node can verify a block offline.
 */
public record KnowledgeBlock(
    BlockId id,
    int v,
    BlockType type,
    String title,
    String content,
    String lang,
    List<String> tags,
    Source source,
    DeviceId author,
    String key,
    HlcTimestamp created,
    List<BlockId> supersedes,
    Scope scope,
    String sig) {

  public static final int VERSION = 1;

  public KnowledgeBlock {
    if (id == null) {
      throw new InvalidBlockException("id", "missing");
    }
    if (v != VERSION) {
      throw new InvalidBlockException(
          "v", "unsupported block format version " + v + " (this node reads " + VERSION + ")");
    }
    tags = tags == null ? null : List.copyOf(tags);
    supersedes = supersedes == null ? null : List.copyOf(supersedes);
    BlockRules.check(type, title, content, lang, tags, supersedes, scope);
    if (author == null) {
      throw new InvalidBlockException("author", "missing");
    }
    if (key == null || !BlockId.isValid(key)) {
      throw new InvalidBlockException(
          "key", "an Ed25519 public key is 64 lowercase hex characters");
    }
    if (created == null) {
      throw new InvalidBlockException("created", "missing");
    }
    if (sig == null
        || sig.length() != 128
        || !BlockId.isValid(sig.substring(0, 64))
        || !BlockId.isValid(sig.substring(64))) {
      throw new InvalidBlockException(
          "sig", "an Ed25519 signature is 128 lowercase hex characters");
    }
  }

  /** Whether this block edits or deletes {@code other}. */
  public boolean supersedes(BlockId other) {
    return supersedes.contains(other);
  }
}
