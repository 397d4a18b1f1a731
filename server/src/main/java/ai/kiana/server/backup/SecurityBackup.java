package ai.kiana.server.backup;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.server.audit.AuditEntry;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.store.sql.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code security.json} in a backup: the accounts (with their argon2id hashes), the audit log, the
 * safety settings (kill phrase hash, a persisted halt), scope grants and the allow/deny lists, as
 * rows of their tables. Restored in the same transaction as the blocks, with {@code audit.head}
 * rewritten from the last entry, so {@code kiana verify --audit} holds on the restored node.
 *
 * <p>Left out on purpose: the refresh tokens and the JWT signing key ({@code identity/jwt.key}).
 * The restored node makes a new key, which ends every session: a backup is as secret as the node
 * key anyway, but a restored node should not honour tokens issued before the backup was made, and
 * account IDs (the tokens' subject) are renumbered by the restore.
 */
final class SecurityBackup {

  static final String ENTRY = "security.json";

  /** The largest {@code security.json} a restore reads: the audit log grows with use. */
  static final int MAX_BYTES = 256 << 20;

  private static final HexFormat HEX = HexFormat.of();

  /** The tables and columns kept, in the order they are restored. */
  static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put(
        "accounts", List.of("username", "role", "password_hash", "token_version", "created_ms"));
    TABLES.put(
        "audit_log",
        List.of("seq", "at_ms", "actor", "action", "target", "detail", "prev_hash", "hash"));
    TABLES.put("security_settings", List.of("name", "value"));
    TABLES.put("scope_grants", List.of("principal", "scope", "granted_ms"));
    TABLES.put("access_lists", List.of("kind", "list", "entry", "added_ms"));
  }

  private static final Set<String> NUMBERS =
      Set.of("token_version", "created_ms", "seq", "at_ms", "granted_ms", "added_ms");

  /** Checked rows by table; empty for a backup made before they were kept. */
  record Contents(Map<String, List<JsonNode>> rows) {
    static final Contents EMPTY = new Contents(Map.of());

    AuditEntry lastAudit() {
      List<JsonNode> audit = rows.getOrDefault("audit_log", List.of());
      return audit.isEmpty() ? null : entry(audit.getLast());
    }
  }

  private SecurityBackup() {}

  /** The rows, read in one transaction. */
  static byte[] export(Database db) throws SQLException, IOException {
    ObjectNode out = Json.mapper().createObjectNode();
    db.read(
        c -> {
          for (Map.Entry<String, List<String>> t : TABLES.entrySet()) {
            ArrayNode rows = out.putArray(t.getKey());
            String sql =
                "SELECT " + String.join(", ", t.getValue()) + " FROM " + t.getKey() + " ORDER BY 1";
            try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ObjectNode row = rows.addObject();
                for (String col : t.getValue()) {
                  if (NUMBERS.contains(col)) {
                    row.put(col, rs.getLong(col));
                  } else {
                    row.put(col, rs.getString(col));
                  }
                }
              }
            }
          }
          return null;
        });
    return Json.mapper().writeValueAsBytes(out);
  }

  /** Reads and checks {@code security.json}: its hash, its shape and the audit log's chain. */
  static Contents read(ZipFile file, String sha256, Path zip) throws IOException {
    ZipEntry entry = file.getEntry(ENTRY);
    if (entry == null) {
      throw BackupRestore.damaged(zip, "it has no " + ENTRY);
    }
    byte[] bytes;
    try (InputStream in = file.getInputStream(entry)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES
        || !HEX.formatHex(BackupFiles.sha256().digest(bytes)).equals(sha256)) {
      throw BackupRestore.damaged(zip, ENTRY + " does not match the SHA-256 in its manifest");
    }
    Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
    try {
      JsonNode root = Json.parse(new String(bytes, StandardCharsets.UTF_8));
      for (Map.Entry<String, List<String>> t : TABLES.entrySet()) {
        JsonNode table = root.get(t.getKey());
        if (table == null || !table.isArray()) {
          throw BackupRestore.damaged(zip, ENTRY + " has no table " + t.getKey());
        }
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode row : table) {
          for (String col : t.getValue()) {
            JsonNode v = row.get(col);
            if (v == null || (NUMBERS.contains(col) ? !v.canConvertToLong() : !v.isTextual())) {
              throw BackupRestore.damaged(zip, ENTRY + ": " + t.getKey() + "." + col + " is bad");
            }
          }
          list.add(row);
        }
        rows.put(t.getKey(), List.copyOf(list));
      }
    } catch (JsonFormatException e) {
      throw BackupRestore.damaged(zip, ENTRY + " is not JSON: " + e.getMessage());
    }
    String prev = AuditEntry.GENESIS;
    long seq = 0;
    for (JsonNode row : rows.get("audit_log")) {
      AuditEntry e = entry(row);
      if (e.seq() != ++seq || !e.prevHash().equals(prev) || !e.hash().equals(e.expectedHash())) {
        throw BackupRestore.damaged(zip, "its audit log was edited at entry " + e.seq());
      }
      prev = e.hash();
    }
    return new Contents(Map.copyOf(rows));
  }

  /** Inserts the rows; runs inside the restore's transaction. */
  static Void insert(Connection c, Contents contents) throws SQLException {
    for (Map.Entry<String, List<JsonNode>> t : contents.rows().entrySet()) {
      List<String> cols = TABLES.get(t.getKey());
      String sql =
          "INSERT INTO "
              + t.getKey()
              + " ("
              + String.join(", ", cols)
              + ") VALUES ("
              + "?, ".repeat(cols.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (JsonNode row : t.getValue()) {
          for (int i = 0; i < cols.size(); i++) {
            JsonNode v = row.get(cols.get(i));
            if (NUMBERS.contains(cols.get(i))) {
              ps.setLong(i + 1, v.asLong());
            } else {
              ps.setString(i + 1, v.textValue());
            }
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return null;
  }

  /**
   * After the rows are stored: {@code audit.head} from the last entry and, for a device that
   * rotated its key, {@code identity/device.id}; both owner-only.
   */
  static void writeFiles(Path dataDir, NodeIdentity identity, Contents contents)
      throws IOException {
    AuditEntry last = contents.lastAudit();
    if (last != null) {
      writeOwnerOnly(dataDir.resolve(AuditLog.HEAD_FILE), last.seq() + " " + last.hash() + "\n");
    }
    if (identity.rotated()) {
      writeOwnerOnly(KeyFile.deviceIdFile(dataDir), identity.deviceId().hex() + "\n");
    }
  }

  /** Undoes {@link #writeFiles} after a failed restore. */
  static void deleteFiles(Path dataDir) {
    BackupFiles.deleteQuietly(dataDir.resolve(AuditLog.HEAD_FILE));
    BackupFiles.deleteQuietly(KeyFile.deviceIdFile(dataDir));
  }

  private static void writeOwnerOnly(Path file, String text) throws IOException {
    DataDir.create(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      DataDir.restrictToOwner(tmp, DataDir.OWNER_ONLY_FILE);
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      BackupFiles.deleteQuietly(tmp);
    }
  }

  private static AuditEntry entry(JsonNode r) {
    return new AuditEntry(
        r.get("seq").asLong(),
        r.get("at_ms").asLong(),
        r.get("actor").textValue(),
        r.get("action").textValue(),
        r.get("target").textValue(),
        r.get("detail").textValue(),
        r.get("prev_hash").textValue(),
        r.get("hash").textValue());
  }
}
