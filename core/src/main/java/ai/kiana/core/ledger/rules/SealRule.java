package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.DeviceRecord;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The seal is the proposer's: {@code key} is the proposer's current key in the parent state (after
 * a key rotation no longer the hash of its ID), or, for a proposer the ledger does not know yet
 * (genesis), the key {@code proposer} is the hash of; and the seal verifies under it.
 */
public final class SealRule implements BlockRule {

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    DeviceRecord proposer = c.parent().device(c.block().proposer());
    boolean ownKey =
        proposer != null
            ? proposer.key().equals(c.block().key())
            : c.block().proposer().matches(HEX.parseHex(c.block().key()));
    if (!ownKey) {
      return c.fail(ViolationKind.BAD_SEAL, "key does not belong to the proposer device");
    }
    if (!c.digest().sealVerifies()) {
      return c.fail(ViolationKind.BAD_SEAL, "seal does not verify under the proposer's key");
    }
    return Optional.empty();
  }
}
