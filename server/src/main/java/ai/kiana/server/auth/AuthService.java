package ai.kiana.server.auth;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.AuthException.Kind;
import ai.kiana.server.auth.SecurityStore.RefreshRow;
import ai.kiana.server.limits.LoginThrottle;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts and sessions: creating and changing accounts, logging in (argon2id), access tokens
 * ({@link AccessTokens}) and rotating refresh tokens, logout and "log out everywhere", and the
 * one-time setup token that lets the first person set the creator's password. Every change and
 * every failed login is written to the audit log.
 */
public final class AuthService {

  /** How long a refresh token (the session cookie) lives. */
  public static final Duration DEFAULT_REFRESH_TTL = Duration.ofDays(30);

  static final String SETUP_TOKEN = "setup-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecurityStore store;
  private final AccessTokens tokens;
  private final AuditLog audit;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final java.util.Map<Long, Cached> accountCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final long ACCOUNT_CACHE_NANOS = 1_000_000_000L;

  private record Cached(Account account, long loadedAt) {}

  // Verified against when the name does not exist, so a wrong name costs as long as a wrong
  // password.
  // Made on the first login, not at start-up, so commands that never log anyone in stay fast.
  private volatile String dummyHash;

  /** What a login or refresh hands out. */
  public record Session(String accessToken, long expiresInSeconds, String refreshToken) {}

  public AuthService(
      SecurityStore store,
      AccessTokens tokens,
      AuditLog audit,
      PasswordHasher hasher,
      LoginThrottle throttle,
      Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.audit = audit;
    this.hasher = hasher;
    this.throttle = throttle;
    this.clock = clock;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public AccessTokens tokens() {
    return tokens;
  }

  // ---------------------------------------------------------------- accounts

  public List<Account> accounts() {
    return store.accounts();
  }

  public Optional<Account> account(String username) {
    return store.account(username);
  }

  public boolean hasCreator() {
    return store.countRole(Role.CREATOR) > 0;
  }

  /**
   * Creates an account. An admin ({@code by} role) may not create creators or admins.
   *
   * @param by who asks (null for the local CLI, which acts as the owner)
   */
  public Account create(String username, Role role, String password, Account by) {
    return createHashed(username, role, hashChecked(password), by);
  }

  /** As {@link #create}, with a password already hashed (tests use cheap parameters). */
  public Account createHashed(String username, Role role, String passwordHash, Account by) {
    check(username);
    if (role == null) {
      throw new AuthException(Kind.INVALID, "role: missing (one of " + Role.known() + ")");
    }
    requireMayTouch(by, role);
    if (!store.insertAccount(username, role, passwordHash, clock.millis())) {
      throw new AuthException(Kind.CONFLICT, "account " + username + " exists already");
    }
    audit.append(actor(by), AuditAction.ACCOUNT_CREATED, username, "role " + role.wireName());
    return store.account(username).orElseThrow();
  }

  public void changePassword(String username, String password, Account by) {
    Account target = existing(username);
    if (by != null && by.id() != target.id()) {
      requireMayTouch(by, target.role());
    }
    store.updateAccount(username, "password_hash", hashChecked(password));
    accountCache.clear();
    store.revokeAllOf(target.id());
    audit.append(actor(by), AuditAction.PASSWORD_CHANGED, username, "");
  }

  public Account changeRole(String username, Role role, Account by) {
    Account target = existing(username);
    requireMayTouch(by, target.role());
    requireMayTouch(by, role);
    if (target.role() == Role.CREATOR && role != Role.CREATOR) {
      requireAnotherCreator(target);
    }
    store.updateAccount(username, "role", role.wireName());
    accountCache.clear();
    audit.append(
        actor(by),
        AuditAction.ROLE_CHANGED,
        username,
        target.role().wireName() + " -> " + role.wireName());
    return store.account(username).orElseThrow();
  }

  public void remove(String username, Account by) {
    Account target = existing(username);
    requireMayTouch(by, target.role());
    if (target.role() == Role.CREATOR) {
      requireAnotherCreator(target);
    }
    store.deleteAccount(target.id());
    accountCache.clear();
    audit.append(actor(by), AuditAction.ACCOUNT_REMOVED, username, target.role().wireName());
  }

  // ---------------------------------------------------------------- sessions

  /**
   * Checks a password and opens a session.
   *
   * @throws AuthException UNAUTHORIZED for a wrong name or password (the same message for both),
   *     LOCKED after too many failures for this name
   */
  public Session login(String username, String password, String address) {
    String key = username == null ? "" : username;
    long wait = throttle.waitSeconds(key);
    if (wait > 0) {
      audit.append(
          "anonymous@" + address, AuditAction.LOGIN_LOCKED, key, "retry in " + wait + " s");
      throw new AuthException(
          Kind.LOCKED, "too many failed logins for this account; retry later", wait);
    }
    Optional<Account> account =
        username == null
                || password == null
                || password.length() > PasswordHasher.MAX_PASSWORD_CHARS
            ? Optional.empty()
            : store.account(username);
    boolean ok =
        PasswordHasher.matches(
                password == null ? "" : password,
                account.map(Account::passwordHash).orElseGet(this::dummyHash))
            && account.isPresent();
    if (!ok) {
      int failures = throttle.failed(key);
      audit.append("anonymous@" + address, AuditAction.LOGIN_FAILED, key, "failure " + failures);
      throw new AuthException(Kind.UNAUTHORIZED, "wrong user name or password");
    }
    throttle.succeeded(key);
    audit.append(username, AuditAction.LOGIN, username, "from " + address);
    return open(account.get(), UUID.randomUUID().toString());
  }

  /** A session for an account without a password check (the CLI and tests, which act locally). */
  public Session sessionFor(Account account) {
    return open(account, UUID.randomUUID().toString());
  }

  /**
   * Swaps a refresh token for a new session. A token that was already swapped means it was copied:
   * its whole family is revoked and the reuse audited.
   */
  public Session refresh(String refreshToken) {
    RefreshRow row = refreshRow(refreshToken);
    if (row.used() && !row.revoked()) {
      store.revokeFamily(row.family());
      audit.append(
          "account " + row.accountId(), AuditAction.REFRESH_REUSED, row.family(), "family revoked");
      throw new AuthException(Kind.UNAUTHORIZED, "this session was ended; log in again");
    }
    if (row.revoked() || row.expiresMs() <= clock.millis() || !store.markUsed(row.tokenHash())) {
      throw new AuthException(Kind.UNAUTHORIZED, "this session was ended; log in again");
    }
    Account account =
        store
            .account(row.accountId())
            .orElseThrow(() -> new AuthException(Kind.UNAUTHORIZED, "the account is gone"));
    return open(account, row.family());
  }

  /** Ends the session a refresh token belongs to; unknown tokens are ignored. */
  public void logout(String refreshToken, Account by) {
    if (refreshToken != null) {
      store.refresh(hashToken(refreshToken)).ifPresent(r -> store.revokeFamily(r.family()));
    }
    if (by != null) {
      audit.append(by.username(), AuditAction.LOGOUT, by.username(), "");
    }
  }

  /** Ends every session of the account: refresh tokens revoked, access tokens stale at once. */
  public void logoutEverywhere(Account account) {
    store.revokeAllOf(account.id());
    store.bumpTokenVersion(account.id());
    accountCache.clear();
    audit.append(account.username(), AuditAction.LOGOUT_EVERYWHERE, account.username(), "");
  }

  /** The account a bearer token speaks for, if the token is valid and not stale. */
  public Optional<Account> authenticate(String accessToken) {
    AccessTokens.Claims claims = tokens.verify(accessToken);
    if (claims == null) {
      return Optional.empty();
    }
    return cachedAccount(claims.accountId()).filter(a -> a.tokenVersion() == claims.tokenVersion());
  }

  /**
   * The account by id, from a cache that this service clears on every change it makes and that
   * forgets entries after {@link #ACCOUNT_CACHE_NANOS}, so a change made by another process (the
   * CLI) counts within a second, and a request does not pay a database read.
   */
  private Optional<Account> cachedAccount(long id) {
    long now = System.nanoTime();
    Cached c = accountCache.get(id);
    if (c != null && now - c.loadedAt() < ACCOUNT_CACHE_NANOS) {
      return Optional.ofNullable(c.account());
    }
    Optional<Account> a = store.account(id);
    if (accountCache.size() > 10_000) {
      accountCache.clear();
    }
    accountCache.put(id, new Cached(a.orElse(null), now));
    return a;
  }

  /** Forgets cached accounts, after a change made around this service (device revocation). */
  public void forgetCachedAccounts() {
    accountCache.clear();
  }

  // ---------------------------------------------------------------- first start

  /**
   * A one-time token that lets whoever holds it set the creator's password (printed once by {@code
   * kiana start} on a node without a creator); replaces any earlier one. Only its hash is kept.
   */
  public String newSetupToken() {
    String token = randomToken();
    store.putSetting(SETUP_TOKEN, hashToken(token));
    return token;
  }

  /** Uses the setup token: makes the creator account, then forgets the token. */
  public Account setUpCreator(String setupToken, String username, String password) {
    Optional<String> expected = store.setting(SETUP_TOKEN);
    if (setupToken == null
        || expected.isEmpty()
        || !java.security.MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.US_ASCII),
            hashToken(setupToken).getBytes(StandardCharsets.US_ASCII))
        || hasCreator()) {
      throw new AuthException(Kind.UNAUTHORIZED, "the setup link is not valid (any more)");
    }
    Account creator = create(username, Role.CREATOR, password, null);
    store.removeSetting(SETUP_TOKEN);
    return creator;
  }

  // ---------------------------------------------------------------- helpers

  private String dummyHash() {
    String h = dummyHash;
    if (h == null) {
      h = hasher.hash(UUID.randomUUID().toString());
      dummyHash = h;
    }
    return h;
  }

  private Session open(Account account, String family) {
    String refresh = randomToken();
    store.insertRefresh(
        hashToken(refresh), account.id(), family, clock.millis() + DEFAULT_REFRESH_TTL.toMillis());
    return new Session(tokens.issue(account), tokens.ttl().toSeconds(), refresh);
  }

  private RefreshRow refreshRow(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      throw new AuthException(Kind.UNAUTHORIZED, "no valid session; log in");
    }
    return store
        .refresh(hashToken(token))
        .orElseThrow(() -> new AuthException(Kind.UNAUTHORIZED, "no valid session; log in"));
  }

  private String hashChecked(String password) {
    try {
      PasswordHasher.checkStrength("password", password);
    } catch (IllegalArgumentException e) {
      throw new AuthException(Kind.INVALID, e.getMessage());
    }
    return hasher.hash(password);
  }

  private static void check(String username) {
    try {
      Account.checkUsername(username);
    } catch (IllegalArgumentException e) {
      throw new AuthException(Kind.INVALID, "username: " + e.getMessage());
    }
  }

  private Account existing(String username) {
    return store
        .account(username)
        .orElseThrow(() -> new AuthException(Kind.NOT_FOUND, "no account " + username));
  }

  /** Only a creator (or the local owner, {@code by} null) may touch creators and admins. */
  private static void requireMayTouch(Account by, Role role) {
    if (by != null && by.role() != Role.CREATOR && role.privileged()) {
      throw new AuthException(
          Kind.FORBIDDEN, "only a creator may create, change or remove creator and admin accounts");
    }
  }

  private void requireAnotherCreator(Account target) {
    if (store.countRole(Role.CREATOR) <= 1) {
      throw new AuthException(
          Kind.CONFLICT, target.username() + " is the only creator; make another creator first");
    }
  }

  private static String actor(Account by) {
    return by == null ? "local-cli" : by.username();
  }

  static String hashToken(String token) {
    return Sha256.hex(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
