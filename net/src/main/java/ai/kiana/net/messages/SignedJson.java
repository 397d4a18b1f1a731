package ai.kiana.net.messages;

import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading and Ed25519 signing of the small signed JSON objects of messaging (envelopes,
 * receipts, key announcements). Anything malformed is a {@link Rejected} offence naming the member.
 * Signatures are over {@code context ‖ 0x00 ‖ canonical JSON of every member but sig}, so a
 * signature made for one kind of object can never pass as another (or as a block).
 */
final class SignedJson {

  static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private SignedJson() {}

  /** Parses one object that has exactly {@code members}. */
  static ObjectNode object(byte[] utf8, Set<String> members, String what) {
    JsonNode n;
    try {
      n = Json.parse(utf8);
    } catch (JsonFormatException e) {
      throw Rejected.offence(what + " is not JSON: " + e.getMessage());
    }
    if (!(n instanceof ObjectNode o)) {
      throw Rejected.offence(what + " is not a JSON object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!members.contains(f)) {
        throw Rejected.offence(what + " has an unknown member '" + f + "'");
      }
    }
    for (String m : members) {
      if (!o.has(m)) {
        throw Rejected.offence(what + " lacks the member '" + m + "'");
      }
    }
    if (o.path("v").asInt(-1) != 1 || !o.path("v").isIntegralNumber()) {
      throw Rejected.offence(what + " has an unsupported version " + o.path("v"));
    }
    return o;
  }

  static byte[] hex(ObjectNode o, String name, int bytes, String what) {
    JsonNode n = o.path(name);
    String s = n.isTextual() ? n.asText() : "";
    if (s.length() != 2 * bytes
        || !s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      throw Rejected.offence(
          what + ": '" + name + "' must be " + 2 * bytes + " lowercase hex characters");
    }
    return HEX.parseHex(s);
  }

  static DeviceId device(ObjectNode o, String name, String what) {
    return new DeviceId(HEX.formatHex(hex(o, name, DeviceId.BYTES, what)));
  }

  static long millis(ObjectNode o, String name, String what) {
    JsonNode n = o.path(name);
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      throw Rejected.offence(what + ": '" + name + "' must be a non-negative integer");
    }
    return n.asLong();
  }

  static byte[] base64(ObjectNode o, String name, String what) {
    JsonNode n = o.path(name);
    try {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("not a string");
      }
      byte[] b = B64D.decode(n.asText());
      if (!B64.encodeToString(b).equals(n.asText())) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw Rejected.offence(what + ": '" + name + "' must be unpadded base64url");
    }
  }

  static String base64(byte[] b) {
    return B64.encodeToString(b);
  }

  /** The bytes a signature covers: the context, a zero byte, the canonical JSON without sig. */
  static byte[] signingBytes(String context, ObjectNode o) {
    ObjectNode unsigned = o.deepCopy();
    unsigned.remove("sig");
    byte[] json = CanonicalJson.canonicalize(unsigned);
    byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[ctx.length + 1 + json.length];
    System.arraycopy(ctx, 0, out, 0, ctx.length);
    System.arraycopy(json, 0, out, ctx.length + 1, json.length);
    return out;
  }

  /**
   * Checks that {@code key} was {@code device}'s key at {@code signedAtMs} and that {@code sig}
   * verifies.
   *
   * @throws Rejected an offence otherwise
   */
  static void verify(
      Signers signers,
      String context,
      ObjectNode o,
      DeviceId device,
      byte[] key,
      long signedAtMs,
      String what) {
    DeviceKeys.Held held = signers.keys().held(device, HEX.formatHex(key));
    if (held == null ? !device.matches(key) : held == DeviceKeys.Held.NEVER) {
      throw Rejected.offence(what + ": the key is not the key of device " + device.shortForm());
    }
    if (held != null && !held.covers(signedAtMs)) {
      throw Rejected.offence(
          what + ": signed by a key device " + device.shortForm() + " had rotated away before");
    }
    byte[] sig = hex(o, "sig", Ed25519.SIGNATURE_BYTES, what);
    if (!signers.ed25519().verify(key, signingBytes(context, o), sig)) {
      throw Rejected.offence(what + ": the signature does not verify");
    }
  }

  static ObjectNode newObject() {
    return Json.mapper().createObjectNode();
  }

  static String canonical(ObjectNode o) {
    return CanonicalJson.canonicalString(o);
  }
}
