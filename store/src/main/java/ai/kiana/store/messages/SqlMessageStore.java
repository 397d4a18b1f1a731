package ai.kiana.store.messages;

import ai.kiana.core.block.StoreException;
import ai.kiana.store.sql.Database;
import ai.kiana.store.sql.SqlWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * End-to-end messages and the encryption keys of known devices, in the tables {@code messages} and
 * {@code message_keys} (migration V6), on SQLite or PostgreSQL. Each method is one transaction.
 * Does not own its database.
 */
public final class SqlMessageStore {

  private static final String COLUMNS =
      "id, role, sender, recipient, created_ms, expires_ms, size, envelope, body, state,"
          + " delivered_ms, receipt";

  private final Database db;

  public SqlMessageStore(Database db) {
    this.db = db;
  }

  /**
   * Stores a row unless one with the same ID and role exists.
   *
   * @return whether it was stored (false: a duplicate)
   */
  public boolean insert(MessageRow r) {
    return write(
        "storing message " + r.id(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO messages ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id, role) DO NOTHING")) {
            ps.setString(1, r.id());
            ps.setString(2, r.role().wireName());
            ps.setString(3, r.sender());
            ps.setString(4, r.recipient());
            ps.setLong(5, r.createdMs());
            ps.setLong(6, r.expiresMs());
            ps.setInt(7, r.size());
            ps.setString(8, r.envelope());
            ps.setString(9, r.body());
            ps.setString(10, r.state());
            ps.setObject(11, r.deliveredMs());
            ps.setString(12, r.receipt());
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Whether this node has seen a message with this ID in any role. */
  public boolean seen(String id) {
    return !rows("SELECT " + COLUMNS + " FROM messages WHERE id = ?", id).isEmpty();
  }

  public Optional<MessageRow> get(String id, MessageRow.Role role) {
    return rows(
            "SELECT " + COLUMNS + " FROM messages WHERE id = ? AND role = ?", id, role.wireName())
        .stream()
        .findFirst();
  }

  /** Rows of a role in a state for one recipient, oldest first. */
  public List<MessageRow> forRecipient(String recipient, MessageRow.Role role, String state) {
    return rows(
        "SELECT "
            + COLUMNS
            + " FROM messages WHERE role = ? AND recipient = ? AND state = ?"
            + " ORDER BY created_ms, id",
        role.wireName(),
        recipient,
        state);
  }

  /** Rows of a role in a state, oldest first. */
  public List<MessageRow> inState(MessageRow.Role role, String state) {
    return rows(
        "SELECT " + COLUMNS + " FROM messages WHERE role = ? AND state = ? ORDER BY created_ms, id",
        role.wireName(),
        state);
  }

  /**
   * Receipts this node holds for {@code sender}'s messages that have not expired: those it relays
   * back and those it wrote itself as recipient.
   */
  public List<String> receiptsFor(String sender, long nowMs) {
    List<String> out = new ArrayList<>();
    for (MessageRow r :
        rows(
            "SELECT "
                + COLUMNS
                + " FROM messages WHERE sender = ? AND role IN ('relay', 'inbox')"
                + " AND receipt IS NOT NULL AND expires_ms > ? ORDER BY created_ms, id",
            sender,
            nowMs)) {
      out.add(r.receipt());
    }
    return out;
  }

  /**
   * Records a receipt: the row becomes {@code delivered}; a relay row also drops its envelope.
   *
   * @return whether the row changed (false: unknown, or delivered already)
   */
  public boolean delivered(String id, MessageRow.Role role, long atMs, String receipt) {
    return write(
        "recording the receipt of message " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE messages SET state = 'delivered', delivered_ms = ?, receipt = ?,"
                      + " envelope = CASE WHEN role = 'relay' THEN NULL ELSE envelope END"
                      + " WHERE id = ? AND role = ? AND state <> 'delivered'")) {
            ps.setLong(1, atMs);
            ps.setString(2, receipt);
            ps.setString(3, id);
            ps.setString(4, role.wireName());
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Moves a row from one state to another.
   *
   * @return whether it was in state {@code from}
   */
  public boolean setState(String id, MessageRow.Role role, String from, String to) {
    return write(
        "updating message " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE messages SET state = ? WHERE id = ? AND role = ? AND state = ?")) {
            ps.setString(1, to);
            ps.setString(2, id);
            ps.setString(3, role.wireName());
            ps.setString(4, from);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** How many envelopes and bytes this node holds for {@code recipient} as a relay. */
  public Usage relayUsage(String recipient) {
    return read(
        "measuring the relay quota of " + recipient,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages"
                      + " WHERE role = 'relay' AND recipient = ? AND envelope IS NOT NULL")) {
            ps.setString(1, recipient);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new Usage(rs.getLong(1), rs.getLong(2));
            }
          }
        });
  }

  /** Envelopes and bytes held for one recipient. */
  public record Usage(long envelopes, long bytes) {}

  /**
   * Inbox and outbox, newest first (relay rows are not the user's messages).
   *
   * @param role one of them, or null for both
   */
  public List<MessageRow> list(MessageRow.Role role, int limit) {
    return role == null
        ? rows(
            "SELECT "
                + COLUMNS
                + " FROM messages WHERE role IN ('inbox', 'outbox')"
                + " ORDER BY created_ms DESC, id LIMIT ?",
            limit)
        : rows(
            "SELECT "
                + COLUMNS
                + " FROM messages WHERE role = ? ORDER BY created_ms DESC, id LIMIT ?",
            role.wireName(),
            limit);
  }

  /**
   * Forgets relay rows (envelopes, receipts and the IDs kept for duplicate suppression) whose
   * message has expired; the user's inbox and outbox are kept.
   *
   * @return how many rows were removed
   */
  public int purgeExpired(long nowMs) {
    return write(
        "removing expired relay messages",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM messages WHERE role = 'relay' AND expires_ms <= ?")) {
            ps.setLong(1, nowMs);
            return ps.executeUpdate();
          }
        });
  }

  // ---------------------------------------------------------------- keys

  /**
   * Stores a device's key announcement unless a newer or equally new one is stored.
   *
   * @return whether it was stored
   */
  public boolean putKey(String device, String announcement, long createdMs) {
    return write(
        "storing the message key of " + device,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO message_keys (device, announcement, created_ms) VALUES (?, ?, ?)"
                      + " ON CONFLICT (device) DO UPDATE SET announcement = excluded.announcement,"
                      + " created_ms = excluded.created_ms"
                      + " WHERE message_keys.created_ms < excluded.created_ms")) {
            ps.setString(1, device);
            ps.setString(2, announcement);
            ps.setLong(3, createdMs);
            return ps.executeUpdate() == 1;
          }
        });
  }

  public Optional<String> key(String device) {
    return strings("SELECT announcement FROM message_keys WHERE device = ?", device).stream()
        .findFirst();
  }

  /** Every stored announcement, by device ID. */
  public List<String> keys() {
    return strings("SELECT announcement FROM message_keys ORDER BY device");
  }

  // ---------------------------------------------------------------- plumbing

  private List<String> strings(String sql, Object... params) {
    try {
      return db.readStrings(sql, params);
    } catch (SQLException e) {
      throw failure("reading message keys", e);
    }
  }

  private List<MessageRow> rows(String sql, Object... params) {
    return read(
        "reading messages",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            List<MessageRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Object deliveredMs = rs.getObject(11);
                out.add(
                    new MessageRow(
                        rs.getString(1),
                        MessageRow.Role.of(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getInt(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        deliveredMs == null ? null : rs.getLong(11),
                        rs.getString(12)));
              }
            }
            return out;
          }
        });
  }

  private <T> T read(String doing, SqlWork<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  private <T> T write(String doing, SqlWork<T> work) {
    try {
      return db.write(work);
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  private StoreException failure(String doing, SQLException e) {
    return new StoreException(doing + " in " + db.description() + " failed: " + e.getMessage(), e);
  }
}
