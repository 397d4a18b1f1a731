package ai.kiana.net.sync;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Verification;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides whether a block received from a peer may be stored: well-formed, its id and signature
 * verify, its author is a known device, and its scope is one this node follows. Thread-safe.
 */
public final class BlockAdmission {

  /** What became of one received block. */
  public sealed interface Verdict {
    /** Store it. */
    record Accept(KnowledgeBlock block) implements Verdict {}

    /** Authentic but not for us (unknown author, scope not followed): dropped, no offence. */
    record Decline(String reason) implements Verdict {}

    /** Forged or malformed: dropped and counted against the sender. */
    record Invalid(String reason) implements Verdict {}
  }

  private final BlockVerifier verifier;
  private final Predicate<DeviceId> knownAuthor;
  private final Set<Scope> scopes;

  public BlockAdmission(
      BlockVerifier verifier, Predicate<DeviceId> knownAuthor, Set<Scope> scopes) {
    this.verifier = verifier;
    this.knownAuthor = knownAuthor;
    this.scopes = Set.copyOf(scopes);
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
    if (!knownAuthor.test(block.author())) {
      return new Verdict.Decline("author " + block.author().shortForm() + " is not a known device");
    }
    if (!scopes.contains(block.scope())) {
      return new Verdict.Decline("scope " + block.scope() + " is not followed");
    }
    return new Verdict.Accept(block);
  }

  public boolean follows(Scope scope) {
    return scopes.contains(scope);
  }
}
