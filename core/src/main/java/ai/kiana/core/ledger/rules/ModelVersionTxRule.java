package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.LedgerFacts.ModelVersion;
import ai.kiana.core.ledger.TxPayload.ModelPublished;
import java.util.Optional;

/**
 * Published model versions strictly increase, so every node agrees which version is the latest. A
 * rollback publishes a new version number with an earlier model's hash.
 */
public final class ModelVersionTxRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    if (!(c.tx().payload() instanceof ModelPublished published)) {
      return Optional.empty();
    }
    ModelVersion latest = c.state().model();
    if (latest != null && published.version() <= latest.version()) {
      return c.fail(
          ViolationKind.INVALID_TX,
          "model version "
              + published.version()
              + " is not above the latest published "
              + latest.version());
    }
    return Optional.empty();
  }
}
