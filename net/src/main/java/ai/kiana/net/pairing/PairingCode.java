package ai.kiana.net.pairing;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.peers.PeerAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one device shows and the other types or scans: {@code kiana:pair?v=1&d=<device
 * hex>&a=<host:port>[,<host:port>…]&s=<secret>&e=<expiry epoch seconds>}. The same text is the QR
 * code's data.
 */
public record PairingCode(DeviceId device, List<String> addresses, String secret, Instant expires) {

  public static final String PREFIX = "kiana:pair?";

  public PairingCode {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a pairing code needs at least one address");
    }
    addresses.forEach(PeerAddress::parse);
    if (secret == null || !secret.matches("[A-Z2-7]{16,64}")) {
      throw new IllegalArgumentException("pairing secret is not 16-64 base32 characters");
    }
  }

  public String text() {
    return PREFIX
        + "v=1&d="
        + device.hex()
        + "&a="
        + String.join(",", addresses)
        + "&s="
        + secret
        + "&e="
        + expires.getEpochSecond();
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the code
   */
  public static PairingCode parse(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a KI_ana pairing code (it starts with " + PREFIX + ")");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : t.substring(PREFIX.length()).split("&")) {
      int eq = part.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("pairing code is damaged near '" + part + "'");
      }
      params.put(
          part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    if (!"1".equals(params.get("v"))) {
      throw new IllegalArgumentException(
          "pairing code version " + params.get("v") + " is not supported");
    }
    for (String key : List.of("d", "a", "s", "e")) {
      if (!params.containsKey(key)) {
        throw new IllegalArgumentException("pairing code is incomplete (no '" + key + "')");
      }
    }
    long expiry;
    try {
      expiry = Long.parseLong(params.get("e"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("pairing code has a damaged expiry");
    }
    return new PairingCode(
        DeviceId.parse(params.get("d")),
        new ArrayList<>(List.of(params.get("a").split(","))),
        params.get("s"),
        Instant.ofEpochSecond(expiry));
  }
}
