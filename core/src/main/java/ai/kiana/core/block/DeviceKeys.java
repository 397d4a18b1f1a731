package ai.kiana.core.block;

import ai.kiana.core.identity.DeviceId;

/**
 * Which keys a device held, as its ledger records them, for blocks signed after a key rotation:
 * then the key no longer hashes to the author. Offline ({@link #OFFLINE}) only the key a device ID
 * is the hash of counts.
 */
@FunctionalInterface
public interface DeviceKeys {

  /** Nothing known: every block is judged by the key its author ID is the hash of. */
  DeviceKeys OFFLINE = (device, key) -> null;

  /**
   * When {@code keyHex} was {@code device}'s key; null if the device is not known (judge offline).
   */
  Held held(DeviceId device, String keyHex);

  /** Blocks created before {@code untilMs} (epoch millis) may carry the key. */
  record Held(long untilMs) {
    public static final Held ALWAYS = new Held(Long.MAX_VALUE);
    public static final Held NEVER = new Held(Long.MIN_VALUE);

    public boolean covers(long createdMs) {
      return createdMs < untilMs;
    }
  }
}
