package ai.kiana.server.audit;

/** What the audit log records; the wire names are stable. */
public enum AuditAction {
  LOGIN("login"),
  LOGIN_FAILED("login-failed"),
  LOGIN_LOCKED("login-locked"),
  LOGOUT("logout"),
  LOGOUT_EVERYWHERE("logout-everywhere"),
  REFRESH_REUSED("refresh-reused"),
  PERMISSION_DENIED("permission-denied"),
  ADDRESS_DENIED("address-denied"),
  RATE_LIMITED("rate-limited"),
  ACCOUNT_CREATED("account-created"),
  ACCOUNT_REMOVED("account-removed"),
  PASSWORD_CHANGED("password-changed"),
  ROLE_CHANGED("role-changed"),
  FILTER_HIT("filter-hit"),
  KILL_PHRASE_SET("kill-phrase-set"),
  KILL_PHRASE_WRONG("kill-phrase-wrong"),
  HALTED("halted"),
  RESUMED("resumed"),
  DEVICE_ADMITTED("device-admitted"),
  DEVICE_REVOKED("device-revoked"),
  SCOPE_GRANTED("scope-granted"),
  SCOPE_REVOKED("scope-revoked"),
  ACCESS_LIST_CHANGED("access-list-changed"),
  DEVICE_DENIED("device-denied"),
  KEY_ROTATED("key-rotated");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
