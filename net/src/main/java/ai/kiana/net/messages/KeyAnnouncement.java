package ai.kiana.net.messages;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A device's X25519 message key, signed by its Ed25519 device key: {@code {v, device, key, encKey,
 * created, sig}}. Peers store the newest one per device and pass them on, so a sender can encrypt
 * to a device it has never been connected to, as long as some peer once was.
 *
 * @param json the canonical JSON as signed and sent
 */
public record KeyAnnouncement(DeviceId device, byte[] encKey, long createdMs, String json) {

  static final String CONTEXT = "kiana-msg-key v1";
  private static final Set<String> MEMBERS =
      Set.of("v", "device", "key", "encKey", "created", "sig");
  private static final String WHAT = "key announcement";

  /** Announces {@code key} as {@code identity}'s message key. */
  public static KeyAnnouncement sign(NodeIdentity identity, EncryptionKey key, long createdMs) {
    ObjectNode o = SignedJson.newObject();
    o.put("v", 1);
    o.put("device", identity.deviceId().hex());
    o.put("key", SignedJson.HEX.formatHex(identity.publicKey()));
    o.put("encKey", SignedJson.HEX.formatHex(key.publicKey()));
    o.put("created", createdMs);
    o.put("sig", SignedJson.HEX.formatHex(identity.sign(SignedJson.signingBytes(CONTEXT, o))));
    return new KeyAnnouncement(
        identity.deviceId(), key.publicKey(), createdMs, SignedJson.canonical(o));
  }

  /**
   * Parses and verifies an announcement.
   *
   * @throws Rejected an offence if it is malformed or its signature does not verify
   */
  public static KeyAnnouncement verify(String json, Signers signers) {
    ObjectNode o = SignedJson.object(json.getBytes(StandardCharsets.UTF_8), MEMBERS, WHAT);
    DeviceId device = SignedJson.device(o, "device", WHAT);
    byte[] key = SignedJson.hex(o, "key", Ed25519.PUBLIC_KEY_BYTES, WHAT);
    byte[] encKey = SignedJson.hex(o, "encKey", Hpke.KEY_BYTES, WHAT);
    long created = SignedJson.millis(o, "created", WHAT);
    SignedJson.verify(signers, CONTEXT, o, device, key, created, WHAT);
    return new KeyAnnouncement(device, encKey, created, SignedJson.canonical(o));
  }
}
