package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.DeviceRecord;
import java.util.Optional;

/**
 * A transaction's issuer is an admitted device that is not revoked. The one exception is the first
 * transaction of genesis, where the creator admits itself ({@link GenesisRule} checks its shape).
 */
public final class TxIssuerRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    if (c.block().isGenesis() && c.index() == 0) {
      return Optional.empty();
    }
    DeviceRecord issuer = c.state().device(c.tx().issuer());
    if (issuer == null) {
      return c.fail(
          ViolationKind.UNAUTHORIZED_TX,
          "issuer " + Describe.device(c.tx().issuer()) + " is not an admitted device");
    }
    if (issuer.revoked()) {
      return c.fail(
          ViolationKind.UNAUTHORIZED_TX,
          "issuer "
              + Describe.device(c.tx().issuer())
              + " was revoked at block "
              + issuer.revokedAt());
    }
    return Optional.empty();
  }
}
