package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;

/** Short forms for violation messages. */
final class Describe {

  private Describe() {}

  /** The first 12 hex characters of a device ID: enough to tell devices apart in a message. */
  static String device(DeviceId id) {
    return id == null ? "nobody" : id.hex().substring(0, 12);
  }

  static String hash(String hex) {
    return hex.substring(0, 12);
  }
}
