package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;

/**
 * A signed ledger transaction: a {@link TxPayload} plus who issued it.
 *
 * <p>{@code key} is the issuer's Ed25519 public key (64 hex) and {@code issuer} must be its
 * SHA-256, so a transaction verifies offline. {@code seq} is the issuer's sequence number: the
 * transactions of an issuer enter a chain with {@code seq} 1, 2, 3, … and no gaps (see {@link
 * ai.kiana.core.ledger.rules.TxSequenceRule}), which makes identical intents distinct and rejects
 * replays. {@code sig} is Ed25519 over {@link TxCodec#signingBytes(LedgerTx)}: the canonical JSON
 * of everything but {@code sig}.
 *
 * <p>An instance is well-formed but not necessarily authentic; {@link BlockDigest} and the rules
 * check the signature.
 */
public record LedgerTx(TxPayload payload, DeviceId issuer, String key, long seq, String sig) {

  public LedgerTx {
    LedgerHex.present("payload", payload);
    LedgerHex.present("issuer", issuer);
    LedgerHex.requireKey("key", key);
    LedgerHex.requireSafeInteger("seq", seq, 1);
    LedgerHex.requireSignature("sig", sig);
  }

  /** Signs {@code payload} as {@code issuer} with sequence number {@code seq}. */
  public static LedgerTx sign(NodeIdentity issuer, long seq, TxPayload payload) {
    String key = LedgerHex.HEX.formatHex(issuer.publicKey());
    byte[] bytes = TxCodec.signingBytes(payload, issuer.deviceId(), key, seq);
    return new LedgerTx(
        payload, issuer.deviceId(), key, seq, LedgerHex.HEX.formatHex(issuer.sign(bytes)));
  }

  public TxType type() {
    return payload.type();
  }

  /**
   * The transaction id: SHA-256 of the signing bytes, as hex. The same for every copy of a
   * transaction; computed on each call.
   */
  public String id() {
    return TxCodec.id(this);
  }
}
