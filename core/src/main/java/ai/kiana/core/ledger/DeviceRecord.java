package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;

/**
 * What the ledger knows of one device.
 *
 * @param key the device's current Ed25519 public key (hex); its ID stays the hash of its first key
 * @param admittedAt height of the block that admitted it
 * @param revokedAt height of the block that revoked it, or -1 while it is active
 * @param formerKeys the keys it rotated away from, oldest first
 */
public record DeviceRecord(
    DeviceId id,
    String key,
    Role role,
    String name,
    long admittedAt,
    long revokedAt,
    java.util.List<FormerKey> formerKeys) {

  /**
   * A key the device used until the ledger block at {@code untilHeight} (timestamp {@code untilMs})
   * rotated it away.
   */
  public record FormerKey(String key, long untilHeight, long untilMs) {}

  public DeviceRecord {
    LedgerHex.present("id", id);
    LedgerHex.requireKey("key", key);
    LedgerHex.present("role", role);
    LedgerHex.present("name", name);
    formerKeys = formerKeys == null ? java.util.List.of() : java.util.List.copyOf(formerKeys);
  }

  public DeviceRecord(
      DeviceId id, String key, Role role, String name, long admittedAt, long revokedAt) {
    this(id, key, role, name, admittedAt, revokedAt, java.util.List.of());
  }

  /** Whether {@code hexKey} is or was this device's key. */
  public boolean hadKey(String hexKey) {
    return key.equals(hexKey) || formerKeys.stream().anyMatch(f -> f.key().equals(hexKey));
  }

  DeviceRecord withKey(String newKey, long height, long timestampMs) {
    java.util.List<FormerKey> former = new java.util.ArrayList<>(formerKeys);
    former.add(new FormerKey(key, height, timestampMs));
    return new DeviceRecord(id, newKey, role, name, admittedAt, revokedAt, former);
  }

  public boolean revoked() {
    return revokedAt >= 0;
  }

  DeviceRecord withRole(Role newRole) {
    return new DeviceRecord(id, key, newRole, name, admittedAt, revokedAt, formerKeys);
  }

  DeviceRecord revokedAt(long height) {
    return new DeviceRecord(id, key, role, name, admittedAt, height, formerKeys);
  }
}
