package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.DeviceRecord;
import java.util.Optional;

/**
 * Only a current validator may seal. Revoked devices are never validators, so they cannot seal
 * either.
 */
public final class AuthorizedSignerRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.parent().isValidator(c.block().proposer())) {
      DeviceRecord device = c.parent().device(c.block().proposer());
      String why = device != null && device.revoked() ? " (the device is revoked)" : "";
      return c.fail(
          ViolationKind.UNAUTHORIZED_SIGNER,
          "proposer " + Describe.device(c.block().proposer()) + " is not a validator" + why);
    }
    return Optional.empty();
  }
}
