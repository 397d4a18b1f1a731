package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;

/**
 * What the ledger knows of one device.
 *
 * @param key the device's Ed25519 public key (hex)
 * @param admittedAt height of the block that admitted it
 * @param revokedAt height of the block that revoked it, or -1 while it is active
 */
public record DeviceRecord(
    DeviceId id, String key, Role role, String name, long admittedAt, long revokedAt) {

  public DeviceRecord {
    LedgerHex.present("id", id);
    LedgerHex.requireKey("key", key);
    LedgerHex.present("role", role);
    LedgerHex.present("name", name);
  }

  public boolean revoked() {
    return revokedAt >= 0;
  }

  DeviceRecord withRole(Role newRole) {
    return new DeviceRecord(id, key, newRole, name, admittedAt, revokedAt);
  }

  DeviceRecord revokedAt(long height) {
    return new DeviceRecord(id, key, role, name, admittedAt, height);
  }
}
