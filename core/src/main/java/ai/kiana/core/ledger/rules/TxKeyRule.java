package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.DeviceRecord;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A transaction is signed by its issuer's current key: the key the ledger holds for the device (the
 * one it was admitted with, or the last it rotated to). A key the device rotated away from can sign
 * nothing new. The first transaction of genesis, where the creator admits itself, is signed by the
 * key its issuer ID is the hash of.
 */
public final class TxKeyRule implements TxRule {

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    DeviceRecord issuer = c.state().device(c.tx().issuer());
    if (issuer == null) {
      if (!c.tx().issuer().matches(HEX.parseHex(c.tx().key()))) {
        return c.fail(
            ViolationKind.BAD_TX_SIGNATURE,
            "key does not belong to issuer " + Describe.device(c.tx().issuer()));
      }
      return Optional.empty();
    }
    if (!issuer.key().equals(c.tx().key())) {
      return c.fail(
          ViolationKind.BAD_TX_SIGNATURE,
          issuer.hadKey(c.tx().key())
              ? "signed by a key " + Describe.device(c.tx().issuer()) + " has rotated away from"
              : "key is not the current key of " + Describe.device(c.tx().issuer()));
    }
    return Optional.empty();
  }
}
