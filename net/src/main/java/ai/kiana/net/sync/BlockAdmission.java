package ai.kiana.net.sync;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.json.JsonFormatException;
import java.util.function.Predicate;

/**
 * Decides whether a block received from a peer may be stored: well-formed, its id and signature
 * verify, and its author is a known device. Whether the block is one this node follows (selective
 * sync) is the session's {@link SharedFilter}'s question, since the filter may change at run time.
 * Thread-safe.
 */
public final class BlockAdmission {

  /** What became of one received block. */
  public sealed interface Verdict {
    /** Store it. */
    record Accept(KnowledgeBlock block) implements Verdict {}

    /** Authentic but not for us (unknown author): dropped, no offence. */
    record Decline(String reason) implements Verdict {}

    /** Forged or malformed: dropped and counted against the sender. */
    record Invalid(String reason) implements Verdict {}
  }

  private final BlockVerifier verifier;
  private final Predicate<KnowledgeBlock> knownAuthor;

  /**
   * @param mayAuthor whether the block's author may have made it (known, and not revoked when it
   *     was made); asked only of authentic blocks
   */
  public BlockAdmission(BlockVerifier verifier, Predicate<KnowledgeBlock> mayAuthor) {
    this.verifier = verifier;
    this.knownAuthor = mayAuthor;
  }

  public Verdict check(String json) {
    KnowledgeBlock block;
    try {
      block = BlockCodec.fromJson(json);
    } catch (InvalidBlockException | JsonFormatException e) {
      return new Verdict.Invalid("malformed block: " + e.getMessage());
    }
    if (verifier.verify(block) instanceof Verification.Invalid invalid) {
      return new Verdict.Invalid("block " + block.id().shortForm() + ": " + invalid.reason());
    }
    if (!knownAuthor.test(block)) {
      return new Verdict.Decline("author " + block.author().shortForm() + " is not a known device");
    }
    return new Verdict.Accept(block);
  }
}
