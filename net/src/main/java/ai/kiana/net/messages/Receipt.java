package ai.kiana.net.messages;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A delivery acknowledgement, signed by the recipient: {@code {v, id, from, key, to, at, sig}}
 * where {@code from} is the recipient and {@code to} the message's sender. It travels back like a
 * message; relays that hold the message drop their copy when they see it.
 *
 * @param json the canonical JSON as signed and sent
 */
public record Receipt(String id, DeviceId from, DeviceId to, long atMs, String json) {

  static final String CONTEXT = "kiana-msg-receipt v1";
  private static final Set<String> MEMBERS = Set.of("v", "id", "from", "key", "to", "at", "sig");
  private static final String WHAT = "receipt";

  /** The receipt {@code recipient} gives for {@code envelope}. */
  public static Receipt sign(NodeIdentity recipient, Envelope envelope, long atMs) {
    ObjectNode o = SignedJson.newObject();
    o.put("v", 1);
    o.put("id", envelope.id());
    o.put("from", recipient.deviceId().hex());
    o.put("key", SignedJson.HEX.formatHex(recipient.publicKey()));
    o.put("to", envelope.from().hex());
    o.put("at", atMs);
    o.put("sig", SignedJson.HEX.formatHex(recipient.sign(SignedJson.signingBytes(CONTEXT, o))));
    return new Receipt(
        envelope.id(), recipient.deviceId(), envelope.from(), atMs, SignedJson.canonical(o));
  }

  /**
   * @throws Rejected an offence if it is malformed or its signature does not verify
   */
  public static Receipt verify(String json, Signers signers) {
    ObjectNode o = SignedJson.object(json.getBytes(StandardCharsets.UTF_8), MEMBERS, WHAT);
    String id = SignedJson.HEX.formatHex(SignedJson.hex(o, "id", Envelope.ID_BYTES, WHAT));
    DeviceId from = SignedJson.device(o, "from", WHAT);
    byte[] key = SignedJson.hex(o, "key", Ed25519.PUBLIC_KEY_BYTES, WHAT);
    DeviceId to = SignedJson.device(o, "to", WHAT);
    long at = SignedJson.millis(o, "at", WHAT);
    SignedJson.verify(signers, CONTEXT, o, from, key, at, WHAT);
    return new Receipt(id, from, to, at, SignedJson.canonical(o));
  }
}
