package ai.kiana.bench;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.auth.Account;
import ai.kiana.server.auth.AuthService;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.node.Node;

/**
 * Every API route but health needs a login: benchmarks make the creator account on their node (with
 * a cheap hash, since login cost is measured in {@link AuthBench}) and send its token.
 */
final class BenchLogin {

  private BenchLogin() {}

  /** Makes the creator account and returns an access token for it (valid 15 minutes). */
  static String creatorToken(Node node) {
    AuthService auth = node.security().auth();
    Account creator =
        auth.createHashed("creator", Role.CREATOR, new PasswordHasher(1024, 1, 1).hash("x"), null);
    return auth.tokens().issue(creator);
  }

  /**
   * The creator's token plus {@code extra} ADMIN accounts' tokens. Chat is rate-limited per account
   * and minute (Security.DEFAULT_PER_MINUTE); a benchmark asking hundreds of questions a minute
   * spreads them over accounts, as many users of one node would (ADMIN: a USER writes only the
   * scopes granted to it, and these have none).
   */
  static java.util.List<String> chatTokens(Node node, int extra) {
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(creatorToken(node));
    AuthService auth = node.security().auth();
    String hash = new PasswordHasher(1024, 1, 1).hash("x");
    for (int i = 0; i < extra; i++) {
      out.add(auth.tokens().issue(auth.createHashed("bench" + i, Role.ADMIN, hash, null)));
    }
    return out;
  }
}
