package ai.kiana.server.auth;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.ledger.Role;
import ai.kiana.store.sql.Database;
import ai.kiana.store.sql.SqlWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL under accounts, refresh tokens and the small security settings (migration V4). Every
 * value goes in as a bound parameter, never into the SQL text.
 */
public final class SecurityStore {

  private final Database db;

  public SecurityStore(Database db) {
    this.db = db;
  }

  public Database database() {
    return db;
  }

  // ---------------------------------------------------------------- accounts

  /**
   * @return false if the name is taken
   */
  public boolean insertAccount(String username, Role role, String hash, long nowMs) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO accounts (username, role, password_hash, token_version, created_ms)"
                      + " VALUES (?, ?, ?, 0, ?) ON CONFLICT (username) DO NOTHING")) {
            ps.setString(1, username);
            ps.setString(2, role.wireName());
            ps.setString(3, hash);
            ps.setLong(4, nowMs);
            return ps.executeUpdate() == 1;
          }
        });
  }

  public Optional<Account> account(String username) {
    return one("SELECT * FROM accounts WHERE username = ?", username);
  }

  public Optional<Account> account(long id) {
    return one("SELECT * FROM accounts WHERE id = ?", id);
  }

  public List<Account> accounts() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT * FROM accounts ORDER BY username");
              ResultSet rs = ps.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
              out.add(account(rs));
            }
            return out;
          }
        });
  }

  /** Sets one column of an account and bumps its token version, so old tokens stop working. */
  public boolean updateAccount(String username, String column, String value) {
    if (!column.equals("password_hash") && !column.equals("role")) {
      throw new IllegalArgumentException(column);
    }
    return update(
        "UPDATE accounts SET "
            + column
            + " = ?, token_version = token_version + 1 WHERE username = ?",
        value,
        username);
  }

  public boolean bumpTokenVersion(long accountId) {
    return update("UPDATE accounts SET token_version = token_version + 1 WHERE id = ?", accountId);
  }

  public boolean deleteAccount(long id) {
    return write(
        c -> {
          try (PreparedStatement tokens =
                  c.prepareStatement("DELETE FROM refresh_tokens WHERE account_id = ?");
              PreparedStatement account = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            tokens.setLong(1, id);
            tokens.executeUpdate();
            account.setLong(1, id);
            return account.executeUpdate() == 1;
          }
        });
  }

  public long countRole(Role role) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM accounts WHERE role = ?")) {
            ps.setString(1, role.wireName());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  // ---------------------------------------------------------------- refresh tokens

  public void insertRefresh(String tokenHash, long accountId, String family, long expiresMs) {
    update(
        "INSERT INTO refresh_tokens (token_hash, account_id, family, expires_ms, used, revoked)"
            + " VALUES (?, ?, ?, ?, 0, 0)",
        tokenHash,
        accountId,
        family,
        expiresMs);
  }

  /** A stored refresh token: whose, which family, until when, and whether used or revoked. */
  public record RefreshRow(
      String tokenHash,
      long accountId,
      String family,
      long expiresMs,
      boolean used,
      boolean revoked) {}

  public Optional<RefreshRow> refresh(String tokenHash) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT * FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new RefreshRow(
                      rs.getString("token_hash"),
                      rs.getLong("account_id"),
                      rs.getString("family"),
                      rs.getLong("expires_ms"),
                      rs.getInt("used") != 0,
                      rs.getInt("revoked") != 0));
            }
          }
        });
  }

  /** Marks a token used, only if it was not: false if someone else used it first. */
  public boolean markUsed(String tokenHash) {
    return update(
        "UPDATE refresh_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND revoked = 0",
        tokenHash);
  }

  public void revokeFamily(String family) {
    update("UPDATE refresh_tokens SET revoked = 1 WHERE family = ?", family);
  }

  public void revokeAllOf(long accountId) {
    update("UPDATE refresh_tokens SET revoked = 1 WHERE account_id = ?", accountId);
  }

  // ---------------------------------------------------------------- settings

  public Optional<String> setting(String name) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT value FROM security_settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  public void putSetting(String name, String value) {
    update(
        "INSERT INTO security_settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        name,
        value);
  }

  public void removeSetting(String name) {
    update("DELETE FROM security_settings WHERE name = ?", name);
  }

  // ---------------------------------------------------------------- plumbing

  private Optional<Account> one(String sql, Object key) {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
          }
        });
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(
        rs.getLong("id"),
        rs.getString("username"),
        Role.fromWire(rs.getString("role")),
        rs.getString("password_hash"),
        rs.getLong("token_version"),
        rs.getLong("created_ms"));
  }

  private boolean update(String sql, Object... params) {
    return write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate() > 0;
          }
        });
  }

  private <T> T write(SqlWork<T> work) {
    try {
      return db.write(work);
    } catch (SQLException e) {
      throw new StoreException("security store: " + e.getMessage(), e);
    }
  }

  private <T> T read(SqlWork<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new StoreException("security store: " + e.getMessage(), e);
    }
  }
}
