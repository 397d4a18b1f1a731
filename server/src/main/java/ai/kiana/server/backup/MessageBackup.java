package ai.kiana.server.backup;

import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.PrivateKeyPem;
import ai.kiana.core.json.Json;
import ai.kiana.net.messages.EncryptionKey;
import ai.kiana.net.messages.KeyAnnouncement;
import ai.kiana.net.messages.Rejected;
import ai.kiana.net.messages.Signers;
import ai.kiana.server.node.DataDir;
import ai.kiana.store.sql.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The device's end-to-end messages in a backup (format 4): its X25519 message key as {@code
 * identity/message.key} (PKCS#8 PEM, as on disk) and the rows of the message tables (migration V6)
 * as {@code messages.json}: inbox, outbox and relayed envelopes with their state and receipts, and
 * the other devices' key announcements. Without the key a restored device could not open the
 * envelopes still on their way to it; without the rows it would lose its inbox and send its
 * undelivered messages never again.
 */
final class MessageBackup {

  static final String ENTRY = "messages.json";
  static final String KEY = "identity/message.key";

  /** The largest {@code messages.json} a restore reads: relayed envelopes are capped per device. */
  static final int MAX_BYTES = 256 << 20;

  static final List<TableRows.Table> TABLES =
      List.of(
          new TableRows.Table(
              "messages",
              List.of(
                  "id",
                  "role",
                  "sender",
                  "recipient",
                  "created_ms",
                  "expires_ms",
                  "size",
                  "envelope",
                  "body",
                  "state",
                  "delivered_ms",
                  "receipt"),
              Set.of("created_ms", "expires_ms", "size", "delivered_ms"),
              Set.of("envelope", "body", "delivered_ms", "receipt"),
              2),
          new TableRows.Table(
              "message_keys",
              List.of("device", "announcement", "created_ms"),
              Set.of("created_ms"),
              Set.of(),
              1));

  /**
   * What a checked backup holds; {@code keyPem} null for a backup made before messages were kept.
   */
  record Contents(String keyPem, Map<String, List<JsonNode>> rows) {
    static final Contents EMPTY = new Contents(null, Map.of());

    long messages() {
      return rows.getOrDefault("messages", List.of()).size();
    }
  }

  private MessageBackup() {}

  /** The message key of the node on {@code dataDir}, as PEM; checked, so a backup is never bad. */
  static byte[] key(Path dataDir) throws IOException {
    Path file = DataDir.messageKeyFile(dataDir);
    byte[] key =
        PrivateKeyPem.decode(
            PrivateKeyPem.Kind.X25519, Files.readString(file, StandardCharsets.US_ASCII));
    try {
      return PrivateKeyPem.encode(PrivateKeyPem.Kind.X25519, key)
          .getBytes(StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The rows, read in one transaction. */
  static byte[] export(Database db) throws SQLException, IOException {
    return Json.mapper().writeValueAsBytes(db.read(c -> TableRows.export(c, TABLES)));
  }

  /**
   * Reads and checks the key and {@code messages.json}: the key must be an X25519 key and, where
   * the rows hold this device's own key announcement, the key it announced.
   */
  static Contents read(ZipFile file, String sha256, DeviceId device, DeviceKeys keys, Path zip)
      throws IOException {
    String pem = new String(BackupRestore.readSmall(file, KEY, zip), StandardCharsets.US_ASCII);
    byte[] publicKey;
    try {
      byte[] key = PrivateKeyPem.decode(PrivateKeyPem.Kind.X25519, pem);
      publicKey = EncryptionKey.fromPrivate(key).publicKey();
      Arrays.fill(key, (byte) 0);
    } catch (IllegalArgumentException e) {
      throw BackupRestore.damaged(zip, KEY + " is not a message key: " + e.getMessage());
    }
    Map<String, List<JsonNode>> rows = TableRows.read(file, ENTRY, sha256, MAX_BYTES, TABLES, zip);
    for (JsonNode row : rows.get("message_keys")) {
      if (!row.get("device").textValue().equals(device.hex())) {
        continue;
      }
      KeyAnnouncement own;
      try {
        own =
            KeyAnnouncement.verify(
                row.get("announcement").textValue(), new Signers(Ed25519Engines.fastest(), keys));
      } catch (Rejected e) {
        throw BackupRestore.damaged(zip, "its own message key announcement does not verify");
      }
      if (!Arrays.equals(own.encKey(), publicKey)) {
        throw BackupRestore.damaged(zip, KEY + " is not the message key this device announced");
      }
    }
    return new Contents(pem, Map.copyOf(rows));
  }

  /** Inserts the rows; runs inside the restore's transaction. */
  static Void insert(Connection c, Contents contents) throws SQLException {
    TableRows.insert(c, TABLES, contents.rows());
    return null;
  }

  /** Writes the key owner-only; nothing for a backup without one (the node then makes one). */
  static void writeKey(Path dataDir, Contents contents) throws IOException {
    if (contents.keyPem() != null) {
      SecurityBackup.writeOwnerOnly(DataDir.messageKeyFile(dataDir), contents.keyPem());
    }
  }
}
