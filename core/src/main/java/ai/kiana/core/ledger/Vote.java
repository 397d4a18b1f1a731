package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;

/** A live validator vote: {@code signer} wants {@code subject} added ({@code add}) or removed. */
public record Vote(DeviceId signer, DeviceId subject, boolean add) {

  public Vote {
    LedgerHex.present("signer", signer);
    LedgerHex.present("subject", subject);
  }
}
