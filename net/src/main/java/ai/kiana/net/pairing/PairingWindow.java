package ai.kiana.net.pairing;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pairing secrets this node has handed out: each is random (80 bits), valid for a short time
 * and good for one pairing only. Thread-safe.
 */
public final class PairingWindow {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> open = new ConcurrentHashMap<>();

  public PairingWindow(Clock clock) {
    this.clock = clock;
  }

  /** A fresh secret, valid for {@code ttl}. */
  public Offer open(Duration ttl) {
    StringBuilder s = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      s.append(ALPHABET.charAt(random.nextInt(32)));
    }
    Instant expires = clock.instant().plus(ttl);
    open.put(s.toString(), expires);
    return new Offer(s.toString(), expires);
  }

  public record Offer(String secret, Instant expires) {}

  public boolean isOpen() {
    prune();
    return !open.isEmpty();
  }

  /** Uses up a secret; true only for a secret handed out, not yet used and not expired. */
  public boolean redeem(String secret) {
    prune();
    if (secret == null) {
      return false;
    }
    for (Iterator<String> it = open.keySet().iterator(); it.hasNext(); ) {
      String candidate = it.next();
      if (MessageDigest.isEqual(
          candidate.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        return open.remove(candidate) != null;
      }
    }
    return false;
  }

  private void prune() {
    Instant now = clock.instant();
    open.values().removeIf(expiry -> !expiry.isAfter(now));
  }
}
