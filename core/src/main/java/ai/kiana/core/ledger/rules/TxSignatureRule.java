package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * Every transaction's signature verifies under its key over its signing bytes (and a key rotation's
 * new-key signature over its statement). Whether the key is the issuer's current one needs the
 * state: {@link TxKeyRule}. The proposer's seal does not vouch for other issuers' transactions.
 */
public final class TxSignatureRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    int bad = c.digest().firstBadTxSignature();
    if (bad >= 0) {
      var tx = c.block().txs().get(bad);
      return c.failTx(
          bad,
          ViolationKind.BAD_TX_SIGNATURE,
          tx.type().wireName() + " by " + Describe.device(tx.issuer()) + " does not verify");
    }
    return Optional.empty();
  }
}
