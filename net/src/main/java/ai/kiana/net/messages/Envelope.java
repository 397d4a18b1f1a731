package ai.kiana.net.messages;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Set;

/**
 * One end-to-end message as it travels: {@code {v, id, from, key, to, created, expires, enc, ct,
 * sig}}. The text is HPKE-encrypted to the recipient's X25519 key with the header (every member but
 * {@code enc}, {@code ct} and {@code sig}) as associated data, and the whole envelope is signed by
 * the sender's Ed25519 key. So relays can check who sent it and to whom, but can neither read nor
 * change it, and nobody can re-sign someone else's ciphertext as their own.
 *
 * @param json the canonical JSON as signed and sent
 */
public record Envelope(
    String id,
    DeviceId from,
    DeviceId to,
    long createdMs,
    long expiresMs,
    byte[] enc,
    byte[] ciphertext,
    String json) {

  static final String CONTEXT = "kiana-msg-envelope v1";
  static final int ID_BYTES = 16;
  private static final Set<String> MEMBERS =
      Set.of("v", "id", "from", "key", "to", "created", "expires", "enc", "ct", "sig");
  private static final String WHAT = "envelope";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh random message ID: 16 bytes as 32 hex characters. */
  public static String newId() {
    byte[] b = new byte[ID_BYTES];
    RANDOM.nextBytes(b);
    return SignedJson.HEX.formatHex(b);
  }

  /**
   * Encrypts {@code text} to {@code recipient}'s announced key and signs the envelope.
   *
   * @throws IllegalArgumentException if the text is too long or the lifetime is not 1 ms to {@link
   *     MessageLimits#MAX_TTL}
   */
  public static Envelope seal(
      NodeIdentity sender,
      KeyAnnouncement recipient,
      String id,
      long createdMs,
      long expiresMs,
      String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MessageLimits.MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          "the text is "
              + utf8.length
              + " bytes as UTF-8; at most "
              + MessageLimits.MAX_TEXT_BYTES
              + " fit in a message");
    }
    if (expiresMs <= createdMs || expiresMs - createdMs > MessageLimits.MAX_TTL.toMillis()) {
      throw new IllegalArgumentException("a message lives 1 ms to " + MessageLimits.MAX_TTL);
    }
    ObjectNode o = SignedJson.newObject();
    o.put("v", 1);
    o.put("id", id);
    o.put("from", sender.deviceId().hex());
    o.put("key", SignedJson.HEX.formatHex(sender.publicKey()));
    o.put("to", recipient.device().hex());
    o.put("created", createdMs);
    o.put("expires", expiresMs);
    ObjectNode plain = SignedJson.newObject().put("text", text);
    Hpke.Sealed sealed =
        Hpke.seal(
            recipient.encKey(),
            SignedJson.canonical(o).getBytes(StandardCharsets.UTF_8),
            SignedJson.canonical(plain).getBytes(StandardCharsets.UTF_8));
    o.put("enc", SignedJson.base64(sealed.enc()));
    o.put("ct", SignedJson.base64(sealed.ciphertext()));
    o.put("sig", SignedJson.HEX.formatHex(sender.sign(SignedJson.signingBytes(CONTEXT, o))));
    return new Envelope(
        id,
        sender.deviceId(),
        recipient.device(),
        createdMs,
        expiresMs,
        sealed.enc(),
        sealed.ciphertext(),
        SignedJson.canonical(o));
  }

  /**
   * Parses an envelope and checks its form, size, lifetime and signature; it does not decrypt.
   *
   * @throws Rejected an offence if any of that fails
   */
  public static Envelope verify(byte[] utf8, Signers signers) {
    if (utf8.length > MessageLimits.MAX_ENVELOPE_BYTES) {
      throw Rejected.offence(
          "envelope of "
              + utf8.length
              + " bytes is over the limit of "
              + MessageLimits.MAX_ENVELOPE_BYTES);
    }
    ObjectNode o = SignedJson.object(utf8, MEMBERS, WHAT);
    String id = SignedJson.HEX.formatHex(SignedJson.hex(o, "id", ID_BYTES, WHAT));
    DeviceId from = SignedJson.device(o, "from", WHAT);
    byte[] key = SignedJson.hex(o, "key", Ed25519.PUBLIC_KEY_BYTES, WHAT);
    DeviceId to = SignedJson.device(o, "to", WHAT);
    long created = SignedJson.millis(o, "created", WHAT);
    long expires = SignedJson.millis(o, "expires", WHAT);
    if (expires <= created || expires - created > MessageLimits.MAX_TTL.toMillis()) {
      throw Rejected.offence("envelope lifetime is not 1 ms to " + MessageLimits.MAX_TTL);
    }
    byte[] enc = SignedJson.base64(o, "enc", WHAT);
    byte[] ct = SignedJson.base64(o, "ct", WHAT);
    SignedJson.verify(signers, CONTEXT, o, from, key, created, WHAT);
    return new Envelope(id, from, to, created, expires, enc, ct, SignedJson.canonical(o));
  }

  /**
   * Decrypts the text with the recipient's key.
   *
   * @throws Rejected a decline if it does not decrypt, an offence if the plaintext is malformed
   */
  public String open(EncryptionKey key) {
    ObjectNode header = (ObjectNode) Json.parse(json);
    header.remove("enc");
    header.remove("ct");
    header.remove("sig");
    byte[] plain =
        key.open(enc, SignedJson.canonical(header).getBytes(StandardCharsets.UTF_8), ciphertext);
    try {
      JsonNode p = Json.parse(plain);
      if (p.size() != 1 || !p.path("text").isTextual()) {
        throw Rejected.offence("the decrypted message is not {\"text\": ...}");
      }
      return p.path("text").asText();
    } catch (JsonFormatException e) {
      throw Rejected.offence("the decrypted message is not JSON");
    }
  }

  public int size() {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
