package ai.kiana.server.audit;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One audit log entry. {@code hash} = SHA-256 (hex) of {@code prevHash}, a newline and the RFC 8785
 * canonical JSON of {@link #body()}; the first entry's {@code prevHash} is 64 zeros.
 */
public record AuditEntry(
    long seq,
    long atMs,
    String actor,
    String action,
    String target,
    String detail,
    String prevHash,
    String hash) {

  public static final String GENESIS = "0".repeat(64);

  /** The hashed fields, without the hashes. */
  public ObjectNode body() {
    return Json.mapper()
        .createObjectNode()
        .put("seq", seq)
        .put("at", atMs)
        .put("actor", actor)
        .put("action", action)
        .put("target", target)
        .put("detail", detail);
  }

  public String expectedHash() {
    return chain(prevHash, body());
  }

  static String chain(String prevHash, ObjectNode body) {
    byte[] head = (prevHash + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] json = CanonicalJson.canonicalize(body);
    byte[] all = new byte[head.length + json.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(json, 0, all, head.length, json.length);
    return Sha256.hex(Sha256.digest(all));
  }

  public ObjectNode toJson() {
    return body().put("prevHash", prevHash).put("hash", hash);
  }
}
