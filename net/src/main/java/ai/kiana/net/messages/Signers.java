package ai.kiana.net.messages;

import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.crypto.Ed25519;

/**
 * Whose signature a message carries: the Ed25519 engine, and which keys the ledger says each device
 * held, so that a device that rotated its key (its ID stays the hash of its first key) is still
 * itself, and a key it rotated away from signs nothing dated after the rotation, as for blocks.
 */
public record Signers(Ed25519 ed25519, DeviceKeys keys) {

  /** Without a ledger: a device's key is the one its ID is the hash of. */
  public static Signers offline(Ed25519 ed25519) {
    return new Signers(ed25519, DeviceKeys.OFFLINE);
  }
}
