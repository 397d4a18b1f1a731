package ai.kiana.net.connections;

import ai.kiana.core.identity.DeviceId;

/**
 * Which devices may open a connection to this node, asked during the TLS handshake. A device is
 * admitted when it is a known, non-revoked device, or while a pairing window is open (the pairing
 * secret in the hello then decides).
 */
public interface DeviceTrust {

  /** A known device that has not been revoked. */
  boolean isTrusted(DeviceId device);

  /** Whether unknown devices may complete the handshake to present a pairing secret. */
  boolean pairingOpen();

  /**
   * The device whose current key {@code publicKey} is: the one whose ID is its hash, unless the
   * ledger records a key rotation (the device keeps its ID, its certificate carries the new key);
   * null for a key its device has rotated away from.
   */
  default DeviceId deviceFor(byte[] publicKey) {
    return DeviceId.ofPublicKey(publicKey);
  }

  default boolean mayHandshake(DeviceId device) {
    return isTrusted(device) || pairingOpen();
  }

  /**
   * Called when an unknown device presents a pairing secret in its hello; true admits it (and the
   * implementation records it as known). Secrets are single use.
   */
  default boolean redeemPairing(DeviceId device, String secret, String name, String address) {
    return false;
  }

  /** This trust plus one more device, for dialling a device known from a pairing code. */
  default DeviceTrust alsoTrusting(DeviceId extra) {
    DeviceTrust base = this;
    return new DeviceTrust() {
      @Override
      public boolean isTrusted(DeviceId device) {
        return device.equals(extra) || base.isTrusted(device);
      }

      @Override
      public boolean pairingOpen() {
        return false;
      }

      @Override
      public DeviceId deviceFor(byte[] publicKey) {
        return base.deviceFor(publicKey);
      }
    };
  }
}
