package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * Each issuer's transactions carry consecutive sequence numbers along a chain, as account nonces
 * do: a transaction is valid only with {@code seq} = the issuer's last on the chain + 1 (1 for its
 * first, which for the creator is its own admission in genesis). A lower or equal {@code seq} is a
 * replay (a transaction, or a copy of it, enters a chain only once); a higher one leaves a gap,
 * which the transactions still missing must fill first. Without gaps, a transaction that a reorg
 * abandons can always be sealed again: no later one of its issuer can have spent its {@code seq}.
 */
public final class TxSequenceRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    long last = c.state().lastSeq(c.tx().issuer());
    long seq = c.tx().seq();
    if (seq <= last) {
      return c.fail(
          ViolationKind.REPLAYED_TX,
          "seq "
              + seq
              + " of "
              + Describe.device(c.tx().issuer())
              + " is not above its last seq "
              + last);
    }
    if (seq != last + 1) {
      return c.fail(
          ViolationKind.SEQ_GAP,
          "seq "
              + seq
              + " of "
              + Describe.device(c.tx().issuer())
              + " skips "
              + (seq - last - 1)
              + " after its last seq "
              + last
              + " (expected "
              + (last + 1)
              + ")");
    }
    return Optional.empty();
  }
}
