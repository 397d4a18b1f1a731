package ai.kiana.net.sync;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import java.util.function.Predicate;

/**
 * Decides whether a block received from a peer may be stored: well-formed, its id and signature
 * verify, its author is a known device, and its author may write there (a sensor only into its own
 * scope). Whether the block is one this node follows (selective sync) is the session's {@link
 * SharedFilter}'s question, since the filter may change at run time. Thread-safe.
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
  private final Predicate<KnowledgeBlock> authorMayWrite;

  /**
   * @param mayAuthor whether the block's author may have made it (known, and not revoked when it
   *     was made); asked only of authentic blocks
   * @param authorMayWrite whether the block's author may write it where it is (a sensor only into
   *     its own scope); a block that fails is declined, not held against the sender, which may only
   *     be passing it on
   */
  public BlockAdmission(
      BlockVerifier verifier,
      Predicate<KnowledgeBlock> mayAuthor,
      Predicate<KnowledgeBlock> authorMayWrite) {
    this.verifier = verifier;
    this.knownAuthor = mayAuthor;
    this.authorMayWrite = authorMayWrite;
  }

  public Verdict check(String json) {
    KnowledgeBlock block;
    try {
      block = BlockCodec.fromJson(json);
    } catch (InvalidBlockException | JsonFormatException e) {
      return new Verdict.Invalid("malformed block: " + e.getMessage());
    }
    return check(block);
  }

  /** As {@link #check(String)}, for a block's JSON as UTF-8 bytes (as it comes off the wire). */
  public Verdict check(byte[] utf8Json) {
    KnowledgeBlock block;
    try {
      block = BlockCodec.fromNode(Json.parse(utf8Json));
    } catch (InvalidBlockException | JsonFormatException e) {
      return new Verdict.Invalid("malformed block: " + e.getMessage());
    }
    return check(block);
  }

  private Verdict check(KnowledgeBlock block) {
    if (verifier.verify(block) instanceof Verification.Invalid invalid) {
      return new Verdict.Invalid("block " + block.id().shortForm() + ": " + invalid.reason());
    }
    if (!knownAuthor.test(block)) {
      return new Verdict.Decline("author " + block.author().shortForm() + " is not a known device");
    }
    if (!authorMayWrite.test(block)) {
      return new Verdict.Decline(
          "author " + block.author().shortForm() + " may not write scope " + block.scope());
    }
    return new Verdict.Accept(block);
  }
}
