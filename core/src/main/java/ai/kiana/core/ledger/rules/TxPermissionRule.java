package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** The issuer's role (or validator status) allows the transaction: see {@link TxPermissions}. */
public final class TxPermissionRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    if (c.block().isGenesis() && c.index() == 0) {
      return Optional.empty();
    }
    String refusal = TxPermissions.refusal(c.state(), c.tx());
    return refusal == null ? Optional.empty() : c.fail(ViolationKind.UNAUTHORIZED_TX, refusal);
  }
}
