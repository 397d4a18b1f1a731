package ai.kiana.server.backup;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.server.audit.AuditEntry;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.store.sql.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final Set<String> NUMBERS =
      Set.of("token_version", "created_ms", "seq", "at_ms", "granted_ms", "added_ms");

  /** The tables and columns kept, in the order they are restored. */
  static final List<TableRows.Table> TABLES =
      List.of(
          table("accounts", "username", "role", "password_hash", "token_version", "created_ms"),
          table(
              "audit_log",
              "seq",
              "at_ms",
              "actor",
              "action",
              "target",
              "detail",
              "prev_hash",
              "hash"),
          table("security_settings", "name", "value"),
          table("scope_grants", "principal", "scope", "granted_ms"),
          table("access_lists", "kind", "list", "entry", "added_ms"));

  private static TableRows.Table table(String name, String... columns) {
    return new TableRows.Table(name, List.of(columns), NUMBERS, Set.of(), 1);
  }

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
    return Json.mapper().writeValueAsBytes(db.read(c -> TableRows.export(c, TABLES)));
  }

  /** Reads and checks {@code security.json}: its hash, its shape and the audit log's chain. */
  static Contents read(ZipFile file, String sha256, Path zip) throws IOException {
    Map<String, List<JsonNode>> rows = TableRows.read(file, ENTRY, sha256, MAX_BYTES, TABLES, zip);
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
    TableRows.insert(c, TABLES, contents.rows());
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

  /** Writes {@code text} to {@code file} owner-only, by an atomic rename of a temporary file. */
  static void writeOwnerOnly(Path file, String text) throws IOException {
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
