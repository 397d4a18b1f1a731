package ai.kiana.server.access;

import ai.kiana.core.ledger.Role;
import io.javalin.http.Context;

/**
 * Who sent a request: an account (id, name, role) or nobody, and from which address. Set by {@link
 * AccessGuard} before the route runs; routes read it with {@link #of(Context)}.
 */
public record Caller(long accountId, String username, Role role, String address) {

  private static final String ATTRIBUTE = "kiana.caller";

  public static Caller anonymous(String address) {
    return new Caller(-1, null, null, address);
  }

  public boolean signedIn() {
    return role != null;
  }

  /** The name the audit log records: the account, or "anonymous@address". */
  public String actor() {
    return signedIn() ? username : "anonymous@" + address;
  }

  public static Caller of(Context ctx) {
    Caller c = ctx.attribute(ATTRIBUTE);
    return c != null ? c : anonymous(ctx.ip());
  }

  void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }
}
