package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * Each issuer's transactions carry strictly increasing sequence numbers along a chain, so a
 * transaction (or a copy of it) can enter a chain only once: replays are rejected.
 */
public final class TxSequenceRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    long last = c.state().lastSeq(c.tx().issuer());
    if (c.tx().seq() <= last) {
      return c.fail(
          ViolationKind.REPLAYED_TX,
          "seq "
              + c.tx().seq()
              + " of "
              + Describe.device(c.tx().issuer())
              + " is not above its last seq "
              + last);
    }
    return Optional.empty();
  }
}
