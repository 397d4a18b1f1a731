package ai.kiana.server.auth;

import ai.kiana.server.node.DataDir;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Short-lived access tokens: JWTs signed with HMAC-SHA256 under a 256-bit secret that only this
 * node knows ({@code identity/jwt.key}, owner-only). Only HS256 is accepted, so {@code alg: none}
 * and algorithm swaps fail; the issuer names this device; the token carries the account's token
 * version, which {@link AuthService} compares with the stored one on every request.
 */
public final class AccessTokens {

  /** How long an access token works; the refresh cookie gets a new one. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

  static final int SECRET_BYTES = 32;

  // The secret is read (or made) on first use, so commands that never issue a token leave no file.
  private final java.util.function.Supplier<byte[]> secret;
  private volatile MACSigner signer;
  private volatile JWSVerifier verifier;
  private final String issuer;
  private final Clock clock;
  private final Duration ttl;

  /** What a valid token says. */
  public record Claims(long accountId, long tokenVersion, long expiresMs) {}

  AccessTokens(
      java.util.function.Supplier<byte[]> secret, String issuer, Clock clock, Duration ttl) {
    this.secret = secret;
    this.issuer = issuer;
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * Tokens issued by the node with device {@code device}, valid for {@link #DEFAULT_TTL}, under the
   * secret in {@code dataDir}.
   */
  public static AccessTokens create(
      java.nio.file.Path dataDir, ai.kiana.core.identity.DeviceId device, Clock clock) {
    return new AccessTokens(
        () -> loadOrCreateSecret(dataDir), "kiana:" + device.hex(), clock, DEFAULT_TTL);
  }

  private synchronized void init() {
    if (signer != null) {
      return;
    }
    byte[] key = secret.get();
    try {
      verifier = new MACVerifier(key);
      signer = new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("JWT secret: " + e.getMessage(), e);
    }
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(Account account) {
    if (signer == null) {
      init();
    }
    long now = clock.millis();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(Long.toString(account.id()))
            .claim("name", account.username())
            .claim("role", account.role().wireName())
            .claim("ver", account.tokenVersion())
            .issueTime(new Date(now))
            .expirationTime(new Date(now + ttl.toMillis()))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an access token failed", e);
    }
    return jwt.serialize();
  }

  /** How many verified tokens {@link #verify} remembers before it starts over. */
  static final int VERIFIED_CACHE_SIZE = 10_000;

  private record Verified(Claims claims, long expiresMs) {}

  /**
   * Tokens that verified, by their exact text: a request with the same token again skips parsing
   * and the MAC (most of what authorisation costs), still subject to expiry here and to the
   * account's token version in {@link AuthService}. Any other text, a tampered copy included, is a
   * miss and is verified in full.
   */
  private final java.util.Map<String, Verified> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The claims of a token this node issued that has not expired, or null for anything else
   * (malformed, another algorithm, wrong signature, another issuer, expired, claims missing).
   */
  public Claims verify(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (known.expiresMs() > clock.millis()) {
        return known.claims();
      }
      verified.remove(token);
      return null;
    }
    Claims claims = verifyFully(token);
    if (claims != null) {
      if (verified.size() >= VERIFIED_CACHE_SIZE) {
        verified.clear();
      }
      verified.put(token, new Verified(claims, claims.expiresMs()));
    }
    return claims;
  }

  private Claims verifyFully(String token) {
    if (signer == null) {
      init();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          || jwt.getHeader().getCriticalParams() != null
          || !jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (!issuer.equals(claims.getIssuer())
          || exp == null
          || exp.getTime() <= clock.millis()
          || claims.getSubject() == null) {
        return null;
      }
      Long version = claims.getLongClaim("ver");
      if (version == null) {
        return null;
      }
      return new Claims(Long.parseLong(claims.getSubject()), version, exp.getTime());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return null;
    }
  }

  /** The node's token secret, created owner-only on first use. */
  public static byte[] loadOrCreateSecret(Path dataDir) {
    Path file = dataDir.resolve("identity").resolve("jwt.key");
    try {
      if (Files.exists(file)) {
        byte[] secret =
            Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        if (secret.length >= SECRET_BYTES) {
          return secret;
        }
        throw new IllegalStateException(file + " is damaged (too short)");
      }
      DataDir.create(file.getParent());
      byte[] secret = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      Path tmp = Files.createTempFile(file.getParent(), "jwt.key", ".tmp");
      DataDir.restrictToOwner(tmp, DataDir.OWNER_ONLY_FILE);
      Files.writeString(
          tmp, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }
}
