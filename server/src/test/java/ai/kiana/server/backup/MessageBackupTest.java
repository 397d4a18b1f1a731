package ai.kiana.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.identity.PrivateKeyPem;
import ai.kiana.net.messages.EncryptionKey;
import ai.kiana.net.messages.Envelope;
import ai.kiana.net.messages.KeyAnnouncement;
import ai.kiana.net.messages.MessageView;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.messages.MessageRow;
import ai.kiana.store.messages.SqlMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups (format 4) carry the device's message key and its stored end-to-end messages. */
class MessageBackupTest {

  @TempDir Path tmp;
  Path zip;
  NodeIdentity other;
  KeyAnnouncement announced;
  String inboxId;

  @BeforeEach
  void backUpADeviceWithMessages() {
    zip = tmp.resolve("kiana.zip");
    other = NodeIdentity.generate(Ed25519Engines.fastest());
    try (Node node = Node.open(NodeConfig.defaults(tmp.resolve("source")))) {
      node.knowledge().add(BlockDraft.fact("eins"));
      announced = node.messenger().announcement();
      long now = System.currentTimeMillis();
      long expires = now + Duration.ofDays(1).toMillis();
      SqlMessageStore store = new SqlMessageStore(node.database());
      // What the messenger keeps after an envelope from the other device arrived, after this
      // device sent one that was delivered, and for one it holds for an offline device.
      inboxId = Envelope.newId();
      Envelope in = Envelope.seal(other, announced, inboxId, now, expires, "Hallo Laptop");
      store.insert(
          new MessageRow(
              inboxId,
              MessageRow.Role.INBOX,
              other.deviceId().hex(),
              announced.device().hex(),
              now,
              expires,
              in.size(),
              in.json(),
              "Hallo Laptop",
              "received",
              null,
              null));
      store.insert(
          new MessageRow(
              Envelope.newId(),
              MessageRow.Role.OUTBOX,
              announced.device().hex(),
              other.deviceId().hex(),
              now - 1,
              expires,
              100,
              "{\"v\":1}",
              "Hallo Telefon",
              "delivered",
              now,
              "{\"receipt\":1}"));
      store.insert(
          new MessageRow(
              Envelope.newId(),
              MessageRow.Role.RELAY,
              other.deviceId().hex(),
              "ab".repeat(32),
              now,
              expires,
              100,
              null,
              null,
              "held",
              null,
              null));
      EncryptionKey otherKey = EncryptionKey.generate();
      store.putKey(other.deviceId().hex(), KeyAnnouncement.sign(other, otherKey, now).json(), now);
      Backup.create(node, zip);
    }
  }

  @Test
  void aRestoredDeviceKeepsItsMessagesAndOpensEnvelopesSealedToItsOldKey() throws Exception {
    assertThat(BackupTest.read(zip)).containsKeys("identity/message.key", "messages.json");
    Path target = tmp.resolve("target");

    RestoreReport report = Backup.restore(zip, NodeConfig.defaults(target));

    assertThat(report.manifest().format()).isEqualTo(4);
    assertThat(report.messages()).isEqualTo(3);
    Path keyFile = DataDir.messageKeyFile(target);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    // Sealed after the backup by a device that knows only the old announcement.
    long now = System.currentTimeMillis();
    Envelope late =
        Envelope.seal(other, announced, Envelope.newId(), now, now + 60_000, "noch unterwegs");
    assertThat(late.open(EncryptionKey.loadOrCreate(keyFile))).isEqualTo("noch unterwegs");

    try (Node restored = Node.open(NodeConfig.defaults(target))) {
      assertThat(restored.messenger().announcement().encKey()).isEqualTo(announced.encKey());
      assertThat(restored.messenger().knowsKey(other.deviceId())).isTrue();
      assertThat(restored.messenger().list(null, 10))
          .extracting(MessageView::direction, MessageView::text, MessageView::state)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("in", "Hallo Laptop", "received"),
              org.assertj.core.groups.Tuple.tuple("out", "Hallo Telefon", "delivered"));
      assertThat(restored.messenger().get(inboxId).orElseThrow().peer())
          .isEqualTo(other.deviceId());
      SqlMessageStore store = new SqlMessageStore(restored.database());
      assertThat(store.list(MessageRow.Role.RELAY, 10))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.envelope()).isNull();
                assertThat(r.deliveredMs()).isNull();
                assertThat(r.state()).isEqualTo("held");
              });
      assertThat(restored.knowledge().stats().blocks()).isEqualTo(1);
    }
  }

  @Test
  void aFormatThreeBackupWithoutMessagesStillRestoresAndTheNodeMakesANewKey() throws Exception {
    Map<String, byte[]> entries = BackupTest.read(zip);
    entries.remove("identity/message.key");
    entries.remove("messages.json");
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    entries.put(
        "manifest.json",
        new BackupManifest(
                BackupManifest.FORMAT_WITHOUT_MESSAGES,
                m.version(),
                m.deviceId(),
                m.created(),
                m.blocks(),
                m.sha256(),
                m.ledgerBlocks(),
                m.ledgerHead(),
                m.ledgerSha256(),
                m.securitySha256())
            .toJson());
    BackupTest.write(zip, entries);
    assertThat(new String(BackupTest.read(zip).get("manifest.json"), StandardCharsets.UTF_8))
        .contains("\"format\" : 3")
        .doesNotContain("messagesSha256");
    Path target = tmp.resolve("target");

    RestoreReport report = Backup.restore(zip, NodeConfig.defaults(target));

    assertThat(report.manifest().format()).isEqualTo(3);
    assertThat(report.messages()).isZero();
    assertThat(report.blocks()).isEqualTo(1);
    assertThat(DataDir.messageKeyFile(target)).doesNotExist();
    try (Node restored = Node.open(NodeConfig.defaults(target))) {
      assertThat(restored.identity().deviceId()).isEqualTo(m.deviceId());
      assertThat(restored.messenger().announcement().encKey()).isNotEqualTo(announced.encKey());
      assertThat(restored.messenger().list(null, 10)).isEmpty();
      assertThat(restored.knowledge().verifyAll().ok()).isTrue();
    }
  }

  @Test
  void aMessageKeyThatIsNotTheAnnouncedOneIsRefusedAndNothingIsWritten() throws Exception {
    byte[] foreign = new byte[32];
    new SecureRandom().nextBytes(foreign);
    Map<String, byte[]> entries = BackupTest.read(zip);
    entries.put(
        "identity/message.key",
        PrivateKeyPem.encode(PrivateKeyPem.Kind.X25519, foreign)
            .getBytes(StandardCharsets.US_ASCII));
    BackupTest.write(zip, entries);

    assertRefused("is not the message key this device announced");
  }

  @Test
  void editedMessagesAreRefusedByTheirHash() throws Exception {
    Map<String, byte[]> entries = BackupTest.read(zip);
    String messages = new String(entries.get("messages.json"), StandardCharsets.UTF_8);
    entries.put(
        "messages.json",
        messages.replace("Hallo Telefon", "Hallo Fremder").getBytes(StandardCharsets.UTF_8));
    BackupTest.write(zip, entries);

    assertRefused("messages.json does not match the SHA-256");
  }

  @Test
  void malformedRowsAreRefusedEvenWhenTheHashWasFixedUp() throws Exception {
    Map<String, byte[]> entries = BackupTest.read(zip);
    String messages =
        new String(entries.get("messages.json"), StandardCharsets.UTF_8)
            .replace("\"body\":\"Hallo Telefon\"", "\"body\":7");
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    entries.put("messages.json", messages.getBytes(StandardCharsets.UTF_8));
    entries.put(
        "manifest.json",
        BackupTest.rehashed(m, "messages.json", messages.getBytes(StandardCharsets.UTF_8))
            .toJson());
    BackupTest.write(zip, entries);

    assertRefused("messages.body is bad");
  }

  @Test
  void aTargetWithAMessageKeyOfItsOwnIsLeftAlone() throws Exception {
    Path target = tmp.resolve("target");
    Path keyFile = DataDir.messageKeyFile(target);
    EncryptionKey.loadOrCreate(keyFile);
    byte[] before = Files.readAllBytes(keyFile);

    assertThatThrownBy(() -> Backup.restore(zip, NodeConfig.defaults(target)))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("already holds a message key");
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
    assertThat(target.resolve("identity/node.key")).doesNotExist();
  }

  private void assertRefused(String message) {
    Path target = tmp.resolve("target");
    assertThatThrownBy(() -> Backup.restore(zip, NodeConfig.defaults(target)))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining(message);
    assertThat(target.resolve("identity/node.key")).doesNotExist();
    assertThat(DataDir.messageKeyFile(target)).doesNotExist();
  }
}
