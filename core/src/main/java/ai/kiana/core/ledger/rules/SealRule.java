package ai.kiana.core.ledger.rules;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The seal is the proposer's: {@code key} hashes to {@code proposer} and the seal verifies under it
 * over the signing bytes.
 */
public final class SealRule implements BlockRule {

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.block().proposer().matches(HEX.parseHex(c.block().key()))) {
      return c.fail(ViolationKind.BAD_SEAL, "key does not belong to the proposer device");
    }
    if (!c.digest().sealVerifies()) {
      return c.fail(ViolationKind.BAD_SEAL, "seal does not verify under the proposer's key");
    }
    return Optional.empty();
  }
}
