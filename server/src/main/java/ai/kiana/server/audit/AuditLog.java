package ai.kiana.server.audit;

import ai.kiana.core.block.StoreException;
import ai.kiana.server.node.DataDir;
import ai.kiana.store.sql.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The append-only, hash-chained audit log (table {@code audit_log}): each entry carries the hash of
 * the one before, so editing or removing an entry breaks the chain from there on. Removing entries
 * from the end leaves a shorter chain that is still whole, so the newest entry's seq and hash are
 * also kept outside the database, in {@code <data-dir>/audit.head}; {@link #verify} compares both.
 *
 * <p>Thread-safe: appends are serialised.
 */
public final class AuditLog {

  public static final String HEAD_FILE = "audit.head";
  static final int MAX_TEXT = 500;

  private final Database db;
  private final Path headFile;
  private final Clock clock;

  public AuditLog(Database db, Path dataDir, Clock clock) {
    this.db = db;
    this.headFile = dataDir.resolve(HEAD_FILE);
    this.clock = clock;
  }

  /** Appends an entry; texts are cut to {@value #MAX_TEXT} characters. */
  public synchronized AuditEntry append(
      String actor, AuditAction action, String target, String detail) {
    try {
      AuditEntry entry =
          db.write(
              c -> {
                String[] last = last(c);
                long seq = last == null ? 1 : Long.parseLong(last[0]) + 1;
                String prev = last == null ? AuditEntry.GENESIS : last[1];
                AuditEntry draft =
                    new AuditEntry(
                        seq,
                        clock.millis(),
                        cut(actor),
                        action.wireName(),
                        cut(target),
                        cut(detail),
                        prev,
                        null);
                AuditEntry e =
                    new AuditEntry(
                        draft.seq(),
                        draft.atMs(),
                        draft.actor(),
                        draft.action(),
                        draft.target(),
                        draft.detail(),
                        prev,
                        draft.expectedHash());
                insert(c, e);
                return e;
              });
      writeHead(entry);
      return entry;
    } catch (SQLException e) {
      throw new StoreException("audit log: " + e.getMessage(), e);
    }
  }

  /** Entries after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<AuditEntry> entries(long afterSeq, int limit) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")) {
              ps.setLong(1, afterSeq);
              ps.setInt(2, limit);
              List<AuditEntry> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(entry(rs));
                }
              }
              return out;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("audit log: " + e.getMessage(), e);
    }
  }

  /** The result of {@link #verify}: how many entries, and the first problem or null. */
  public record Report(long entries, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /** Re-checks the whole chain and the head kept outside the database. */
  public Report verify() {
    long[] count = {0};
    String[] problem = {null};
    String[] prev = {AuditEntry.GENESIS};
    forEach(
        e -> {
          if (problem[0] != null) {
            return;
          }
          count[0]++;
          if (e.seq() != count[0]) {
            problem[0] =
                "entry " + count[0] + " is missing (the next stored entry is " + e.seq() + ")";
          } else if (!e.prevHash().equals(prev[0])) {
            problem[0] = "entry " + e.seq() + " does not follow entry " + (e.seq() - 1);
          } else if (!e.hash().equals(e.expectedHash())) {
            problem[0] = "entry " + e.seq() + " was edited (its hash does not match)";
          }
          prev[0] = e.hash();
        });
    if (problem[0] == null) {
      String[] head = readHead();
      if (head != null) {
        long headSeq = Long.parseLong(head[0]);
        if (headSeq < 0) {
          problem[0] = HEAD_FILE + " is damaged";
        } else if (headSeq > count[0]) {
          problem[0] =
              "entries " + (count[0] + 1) + " to " + headSeq + " were removed from the end";
        } else if (headSeq == count[0] && !head[1].equals(prev[0])) {
          problem[0] = "entry " + headSeq + " was replaced";
        }
      } else if (count[0] > 0) {
        problem[0] = HEAD_FILE + " is missing";
      }
    }
    return new Report(count[0], problem[0]);
  }

  private void forEach(Consumer<AuditEntry> action) {
    try {
      db.read(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM audit_log ORDER BY seq")) {
              ps.setFetchSize(1000);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  action.accept(entry(rs));
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("audit log: " + e.getMessage(), e);
    }
  }

  private static String[] last(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new String[] {Long.toString(rs.getLong(1)), rs.getString(2)} : null;
    }
  }

  private static void insert(Connection c, AuditEntry e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_log (seq, at_ms, actor, action, target, detail, prev_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, e.seq());
      ps.setLong(2, e.atMs());
      ps.setString(3, e.actor());
      ps.setString(4, e.action());
      ps.setString(5, e.target());
      ps.setString(6, e.detail());
      ps.setString(7, e.prevHash());
      ps.setString(8, e.hash());
      ps.executeUpdate();
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("seq"),
        rs.getLong("at_ms"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("detail"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private void writeHead(AuditEntry e) {
    try {
      Path tmp = Files.createTempFile(headFile.getParent(), HEAD_FILE, ".tmp");
      DataDir.restrictToOwner(tmp, DataDir.OWNER_ONLY_FILE);
      Files.writeString(tmp, e.seq() + " " + e.hash() + "\n", StandardCharsets.US_ASCII);
      Files.move(
          tmp, headFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + headFile + ": " + ex.getMessage(), ex);
    }
  }

  private String[] readHead() {
    try {
      if (!Files.exists(headFile)) {
        return null;
      }
      String[] parts = Files.readString(headFile, StandardCharsets.US_ASCII).strip().split(" ");
      if (parts.length != 2 || !parts[0].matches("[0-9]{1,18}")) {
        return new String[] {"-1", "damaged"};
      }
      return parts;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + headFile + ": " + e.getMessage(), e);
    }
  }

  private static String cut(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }
}
