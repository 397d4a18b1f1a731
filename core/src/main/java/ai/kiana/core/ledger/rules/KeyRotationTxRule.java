package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.TxPayload.KeyRotated;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A key rotation names a key no device has used: not the issuer's current or a former key (a
 * rotation back would revive a key that may have leaked), not another device's, and not one whose
 * hash is a known device ID, so every key names exactly one device. That both keys agree is checked
 * with the signatures ({@link TxSignatureRule}, {@link TxKeyRule}).
 */
public final class KeyRotationTxRule implements TxRule {

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    if (!(c.tx().payload() instanceof KeyRotated p)) {
      return Optional.empty();
    }
    LedgerState state = c.state();
    for (DeviceRecord d : state.devices().values()) {
      if (d.hadKey(p.newKey())) {
        return c.fail(
            ViolationKind.INVALID_TX,
            d.id().equals(c.tx().issuer())
                ? "the new key must differ from every key the device has had"
                : "the new key is already " + Describe.device(d.id()) + "'s");
      }
    }
    DeviceId hashed = DeviceId.ofPublicKey(HEX.parseHex(p.newKey()));
    if (state.device(hashed) != null) {
      return c.fail(
          ViolationKind.INVALID_TX,
          "the new key is the first key of " + Describe.device(hashed) + "; choose another");
    }
    return Optional.empty();
  }
}
