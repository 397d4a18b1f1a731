package ai.kiana.core.ledger.engine;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.TxContext;
import ai.kiana.core.ledger.rules.TxIssuerRule;
import ai.kiana.core.ledger.rules.TxRule;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the {@link TxPool} checks before it takes a transaction: the signature, and the transaction
 * rules on top of a given state, as if the transaction went into the next block that the pool's
 * owner seals.
 */
final class TxPoolChecks {

  private static final String NO_SEAL = "0".repeat(128);
  private static final HexFormat HEX = HexFormat.of();

  private final Ed25519 ed25519;
  private final List<TxRule> rules = RuleFactory.txRules();
  private final TxRule issuerRule = new TxIssuerRule();
  private final DeviceId owner;
  private final String ownerKey;

  TxPoolChecks(Ed25519 ed25519, DeviceId owner, String ownerKey) {
    this.ed25519 = ed25519;
    this.owner = owner;
    this.ownerKey = ownerKey;
  }

  /** The first transaction rule {@code tx} breaks on top of {@code state}, or null. */
  RuleViolation check(LedgerState state, LedgerTx tx) {
    TxContext context = new TxContext(state, template(state), 0, tx);
    for (TxRule rule : rules) {
      Optional<RuleViolation> violation = rule.check(context);
      if (violation.isPresent()) {
        return violation.get();
      }
    }
    return null;
  }

  /** Whether the issuer may issue transactions at all on {@code state}; null if so. */
  RuleViolation checkIssuer(LedgerState state, LedgerTx tx) {
    return issuerRule.check(new TxContext(state, template(state), 0, tx)).orElse(null);
  }

  /**
   * A stand-in for the next block on {@code state}: the transaction rules look only at its height
   * (to tell genesis apart and to report where a violation happened).
   */
  private LedgerBlock template(LedgerState state) {
    return new LedgerBlock(
        state.height() + 1,
        state.hash(),
        state.timestamp(),
        owner,
        ownerKey,
        LedgerBlock.DIFF_OUT_OF_TURN,
        List.of(),
        LedgerBlock.NO_PARENT,
        null,
        LedgerBlock.NO_PARENT,
        NO_SEAL);
  }

  /**
   * The signature verifies under a key that is the issuer's: the one its ID is the hash of, or the
   * one it rotated to (pending rotations count, so a device can use its new key at once: {@code
   * pendingState} is the state after the pending transactions). A key rotation's new-key signature
   * must verify too. Whether the key is still current when the transaction is sealed is {@code
   * TxKeyRule}'s business.
   */
  boolean signatureVerifies(LedgerState pendingState, LedgerTx tx) {
    byte[] key = HEX.parseHex(tx.key());
    var known = pendingState.device(tx.issuer());
    boolean issuers = known != null ? known.key().equals(tx.key()) : tx.issuer().matches(key);
    if (!issuers || !ed25519.verify(key, TxCodec.signingBytes(tx), HEX.parseHex(tx.sig()))) {
      return false;
    }
    if (tx.payload() instanceof ai.kiana.core.ledger.TxPayload.KeyRotated r) {
      byte[] statement =
          ai.kiana.core.ledger.TxPayload.KeyRotated.rotationStatement(
              tx.issuer(), tx.key(), r.newKey());
      return ed25519.verify(HEX.parseHex(r.newKey()), statement, HEX.parseHex(r.newKeySig()));
    }
    return true;
  }
}
