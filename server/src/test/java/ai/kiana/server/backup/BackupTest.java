package ai.kiana.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.ledger.LedgerAudit;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import ai.kiana.testkit.TestBlocks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {

  @TempDir Path tmp;

  private Node open(Path dir) {
    return Node.open(NodeConfig.defaults(dir));
  }

  private static String export(Node node) {
    StringBuilder sb = new StringBuilder();
    node.knowledge().exportJsonLines(line -> sb.append(line).append('\n'));
    return sb.toString();
  }

  private static void teach(Node node) {
    node.knowledge().add(BlockDraft.fact("Die Erde ist rund"));
    node.knowledge()
        .add(
            new BlockDraft(
                BlockType.NOTE,
                "Einkauf",
                "Milch\nBrot 🍞",
                "de",
                List.of("home", "küche"),
                new Source("file:///tmp/liste.txt", null),
                List.of(),
                Scope.HOUSEHOLD));
    KnowledgeBlock gone = node.knowledge().add(BlockDraft.fact("veraltet"));
    node.knowledge().retract(gone.id(), "outdated");
    // A block another device signed, as sync would bring it.
    TestBlocks other = new TestBlocks(3);
    node.knowledge()
        .importJsonLines(
            new BufferedReader(
                new StringReader(ai.kiana.core.block.BlockCodec.toJson(other.fact("fremd")))),
            false);
  }

  @Test
  void backupFromASecondNodeWhileTheFirstIsOpenRestoresEverythingIdentically() throws Exception {
    Path source = tmp.resolve("source");
    Path zip = tmp.resolve("kiana.zip");
    String before;
    BackupManifest manifest;
    try (Node running = open(source)) {
      teach(running);
      try (Node second = open(source)) {
        manifest = Backup.create(second, zip);
      }
      running.knowledge().add(BlockDraft.fact("after the backup"));
      before = export(running);
    }

    RestoreReport report = Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    assertThat(manifest.blocks()).isEqualTo(5);
    assertThat(report.blocks()).isEqualTo(5);
    try (Node restored = open(tmp.resolve("target"))) {
      assertThat(restored.identity().deviceId()).isEqualTo(manifest.deviceId());
      String expected =
          before
              .lines()
              .filter(l -> !l.contains("after the backup"))
              .map(l -> l + "\n")
              .collect(Collectors.joining());
      assertThat(export(restored)).isEqualTo(expected);
      assertThat(restored.knowledge().verifyAll().ok()).isTrue();
      assertThat(restored.knowledge().verifyAll().checked()).isEqualTo(5);
    }
  }

  @Test
  void roundTripKeepsTheKeyBytesAndOwnerOnlyPermissions() throws Exception {
    Path source = tmp.resolve("source");
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(source)) {
      teach(node);
      Backup.create(node, zip);
    }

    Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    Path key = tmp.resolve("target/identity/node.key");
    assertThat(Files.readAllBytes(key))
        .isEqualTo(Files.readAllBytes(source.resolve("identity/node.key")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)))
        .isEqualTo("rw-------");
  }

  @Test
  void zipHoldsManifestKeyAndBlocksAndTheManifestDescribesThem() throws Exception {
    Path zip = tmp.resolve("kiana.zip");
    String exported;
    BackupManifest manifest;
    try (Node node = open(tmp.resolve("source"))) {
      teach(node);
      manifest = Backup.create(node, zip);
      exported = export(node);
    }

    Map<String, byte[]> entries = read(zip);

    assertThat(entries)
        .containsOnlyKeys(
            "manifest.json",
            "identity/node.key",
            "identity/message.key",
            "blocks.jsonl",
            "ledger.jsonl",
            "security.json",
            "messages.json");
    assertThat(new String(entries.get("blocks.jsonl"), StandardCharsets.UTF_8)).isEqualTo(exported);
    assertThat(BackupManifest.fromJson(entries.get("manifest.json"))).isEqualTo(manifest);
    assertThat(manifest.sha256())
        .isEqualTo(ai.kiana.core.crypto.Sha256.hex(entries.get("blocks.jsonl")));
    assertThat(manifest.ledgerSha256())
        .isEqualTo(ai.kiana.core.crypto.Sha256.hex(entries.get("ledger.jsonl")));
    assertThat(manifest.ledgerBlocks()).isEqualTo(1);
    assertThat(manifest.securitySha256())
        .isEqualTo(ai.kiana.core.crypto.Sha256.hex(entries.get("security.json")));
    assertThat(manifest.messagesSha256())
        .isEqualTo(ai.kiana.core.crypto.Sha256.hex(entries.get("messages.json")));
    assertThat(manifest.format()).isEqualTo(4);
  }

  @Test
  void emptyNodeBacksUpAndRestores() {
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(tmp.resolve("source"))) {
      assertThat(Backup.create(node, zip).blocks()).isZero();
    }

    assertThat(Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target"))).blocks()).isZero();
    assertThat(tmp.resolve("target/identity/node.key")).exists();
  }

  @Test
  void aNewBackupReplacesTheOldFileAndLeavesNoTemporaryFiles() throws Exception {
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(tmp.resolve("source"))) {
      Backup.create(node, zip);
      node.knowledge().add(BlockDraft.fact("neu"));
      Backup.create(node, zip);
    }

    assertThat(BackupManifest.fromJson(read(zip).get("manifest.json")).blocks()).isEqualTo(1);
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("source", "kiana.zip");
    }
  }

  @Test
  void settingsTravelWithTheBackup() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source);
    Files.writeString(source.resolve("kiana.properties"), "port=9000\n");
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(source)) {
      Backup.create(node, zip);
    }

    RestoreReport report = Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    assertThat(report.properties()).isEqualTo(tmp.resolve("target/kiana.properties"));
    assertThat(report.propertiesSetAside()).isFalse();
    assertThat(Files.readString(report.properties())).isEqualTo("port=9000\n");
  }

  @Test
  void settingsNamingAnotherDatabaseAreSetAsideNotPutInForce() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source);
    Files.writeString(
        source.resolve("kiana.properties"),
        "db.url=jdbc:sqlite:" + source.resolve("kiana.db") + "\n");
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(source)) {
      Backup.create(node, zip);
    }

    RestoreReport report = Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    assertThat(report.propertiesSetAside()).isTrue();
    assertThat(tmp.resolve("target/kiana.properties")).doesNotExist();
    assertThat(tmp.resolve("target/kiana.properties.from-backup")).exists();
  }

  @Test
  void restoreRefusesATargetWithAKeyAndLeavesItAlone() throws Exception {
    Path zip = backupOfTwoBlocks();
    Path target = tmp.resolve("target");
    try (Node existing = open(target)) {
      existing.knowledge().add(BlockDraft.fact("mine"));
    }
    byte[] key = Files.readAllBytes(target.resolve("identity/node.key"));

    assertThatThrownBy(() -> Backup.restore(zip, NodeConfig.defaults(target)))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("already holds a node key");
    assertThat(Files.readAllBytes(target.resolve("identity/node.key"))).isEqualTo(key);
  }

  @Test
  void restoreRefusesAStoreWithBlocksEvenWithoutAKeyAndRemovesTheKeyItWrote() throws Exception {
    Path zip = backupOfTwoBlocks();
    Path target = tmp.resolve("target");
    try (Node existing = open(target)) {
      existing.knowledge().add(BlockDraft.fact("mine"));
    }
    Files.delete(target.resolve("identity/node.key"));
    Files.delete(target.resolve("identity/message.key"));

    assertThatThrownBy(() -> Backup.restore(zip, NodeConfig.defaults(target)))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("already holds 1 blocks");
    assertThat(target.resolve("identity/node.key")).doesNotExist();
    assertThat(target.resolve("identity/message.key")).doesNotExist();
  }

  @Test
  void restoreRejectsBlocksThatDoNotMatchTheManifestHash() throws Exception {
    Path zip = rewrite(backupOfTwoBlocks(), "blocks.jsonl", s -> s.replace("eins", "EINS"));

    assertRefusedAndTargetUntouched(zip, "does not match the SHA-256");
  }

  @Test
  void restoreRejectsATamperedBlockEvenWhenTheHashWasFixedUp() throws Exception {
    Path zip = backupOfTwoBlocks();
    Map<String, byte[]> entries = read(zip);
    String blocks =
        new String(entries.get("blocks.jsonl"), StandardCharsets.UTF_8).replace("eins", "EINS");
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    BackupManifest forged = rehashed(m, "blocks.jsonl", blocks.getBytes(StandardCharsets.UTF_8));
    entries.put("blocks.jsonl", blocks.getBytes(StandardCharsets.UTF_8));
    entries.put("manifest.json", forged.toJson());
    write(zip, entries);

    assertRefusedAndTargetUntouched(zip, "line 1 of blocks.jsonl: id does not match");
  }

  @Test
  void restoreRejectsAKeyOfAnotherDevice() throws Exception {
    Path zip = backupOfTwoBlocks();
    Path otherZip = tmp.resolve("other.zip");
    try (Node other = open(tmp.resolve("other"))) {
      Backup.create(other, otherZip);
    }
    Map<String, byte[]> entries = read(zip);
    entries.put("identity/node.key", read(otherZip).get("identity/node.key"));
    write(zip, entries);

    assertRefusedAndTargetUntouched(zip, "key belongs to another device");
  }

  @Test
  void accountsAuditLogGrantsListsAndTheHaltTravelButSessionsDoNot() throws Exception {
    Path source = tmp.resolve("source");
    Path zip = tmp.resolve("kiana.zip");
    String oldToken;
    long auditEntries;
    try (Node node = open(source)) {
      var auth = node.security().auth();
      auth.create("anna", ai.kiana.core.ledger.Role.USER, "a long enough password", null);
      node.security().scopes().grant("anna", Scope.HOUSEHOLD, "test");
      node.security()
          .addresses()
          .add(
              ai.kiana.server.limits.AccessLists.Kind.ADDRESS,
              ai.kiana.server.limits.AccessLists.Which.DENY,
              "10.9.8.*",
              "test");
      node.security().killSwitch().setPhrase(null, "purple elephants dance at noon", "test");
      oldToken = auth.login("anna", "a long enough password", "127.0.0.1").accessToken();
      auditEntries = node.security().audit().verify().entries();
      Backup.create(node, zip);
    }
    assertThat(read(zip)).containsKey("security.json").doesNotContainKey("identity/jwt.key");

    Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    try (Node restored = open(tmp.resolve("target"))) {
      var auth = restored.security().auth();
      assertThat(restored.security().audit().verify().ok()).isTrue();
      assertThat(restored.security().audit().verify().entries()).isEqualTo(auditEntries);
      assertThat(auth.login("anna", "a long enough password", "127.0.0.1").accessToken())
          .isNotBlank();
      assertThat(auth.authenticate(oldToken)).as("sessions end with a restore").isEmpty();
      assertThat(restored.security().scopes().granted("anna")).containsExactly(Scope.HOUSEHOLD);
      assertThat(restored.security().addresses().permits("10.9.8.7")).isFalse();
      assertThat(restored.security().killSwitch().hasPhrase()).isTrue();
    }
  }

  @Test
  void restoreRejectsAnEditedAuditLogEvenWhenTheHashWasFixedUp() throws Exception {
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(tmp.resolve("source"))) {
      node.security()
          .auth()
          .create("anna", ai.kiana.core.ledger.Role.USER, "a long enough password", null);
      Backup.create(node, zip);
    }
    Map<String, byte[]> entries = read(zip);
    String security = new String(entries.get("security.json"), StandardCharsets.UTF_8);
    assertThat(security).contains("account-created");
    String edited = security.replaceFirst("account-created", "account-removed");
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    entries.put("security.json", edited.getBytes(StandardCharsets.UTF_8));
    entries.put(
        "manifest.json",
        rehashed(m, "security.json", edited.getBytes(StandardCharsets.UTF_8)).toJson());
    write(zip, entries);

    assertRefusedAndTargetUntouched(zip, "audit log was edited");
  }

  @Test
  void aDeviceThatRotatedItsKeyRestoresAsTheSameDeviceWithItsNewKey() throws Exception {
    Path source = tmp.resolve("source");
    Path zip = tmp.resolve("kiana.zip");
    ai.kiana.core.identity.DeviceId device;
    try (Node node = open(source)) {
      node.knowledge().add(BlockDraft.fact("before the rotation"));
      device = node.identity().deviceId();
      var result =
          ai.kiana.server.ledger.KeyRotation.rotate(
              node, ai.kiana.server.ledger.KeyRotation.DEFAULT_WAIT, "test");
      assertThat(result.sealed()).isTrue();
    }
    try (Node node = open(source)) {
      node.knowledge().add(BlockDraft.fact("after the rotation"));
      Backup.create(node, zip);
    }

    Backup.restore(zip, NodeConfig.defaults(tmp.resolve("target")));

    try (Node restored = open(tmp.resolve("target"))) {
      assertThat(restored.identity().deviceId()).isEqualTo(device);
      assertThat(restored.identity().rotated()).isTrue();
      assertThat(restored.knowledge().verifyAll().ok()).isTrue();
      assertThat(restored.knowledge().verifyAll().checked()).isEqualTo(2);
    }
  }

  @Test
  void restoreRejectsAnUnknownFormatByName() throws Exception {
    Path zip =
        rewrite(
            backupOfTwoBlocks(),
            "manifest.json",
            s -> s.replace("\"format\" : 4", "\"format\" : 5"));

    assertRefusedAndTargetUntouched(zip, "backup format 5 is not supported");
  }

  @Test
  void restoreRejectsAMissingEntry() throws Exception {
    Path zip = backupOfTwoBlocks();
    Map<String, byte[]> entries = read(zip);
    entries.remove("identity/node.key");
    write(zip, entries);

    assertRefusedAndTargetUntouched(zip, "it has no identity/node.key");
  }

  @Test
  void restoreOfAMissingFileSaysSo() {
    assertThatThrownBy(
            () -> Backup.restore(tmp.resolve("nope.zip"), NodeConfig.defaults(tmp.resolve("t"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  private void assertRefusedAndTargetUntouched(Path zip, String message) {
    Path target = tmp.resolve("target");
    assertThatThrownBy(() -> Backup.restore(zip, NodeConfig.defaults(target)))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining(message);
    assertThat(target.resolve("identity/node.key")).doesNotExist();
    if (Files.exists(target.resolve("kiana.db"))) {
      // The stores, not a node: a node would create a ledger genesis on opening.
      try (Stores stores =
          Stores.open(new StoreConfig(NodeConfig.defaults(target).jdbcUrl(), null, null))) {
        assertThat(stores.blocks().stats().blocks()).isZero();
        assertThat(stores.ledger().count()).isZero();
        assertThat(stores.ledger().head()).isEmpty();
      }
    }
  }

  // ---------------------------------------------------------------- the ledger

  @Test
  void roundTripKeepsTheLedgerSoTheRestoredNodeCreatesNoNewGenesis() throws Exception {
    Path zip = tmp.resolve("kiana.zip");
    String head;
    long blocks;
    BackupManifest manifest;
    try (Node node = open(tmp.resolve("source"))) {
      teach(node);
      for (int i = 1; i <= 3; i++) {
        node.ledger()
            .submit(new TxPayload.PolicyChanged("p", "v" + i))
            .sealed()
            .get(10, TimeUnit.SECONDS);
      }
      manifest = Backup.create(node, zip);
      head = node.ledgerStore().head().orElseThrow();
      blocks = node.ledgerStore().count();
    }
    assertThat(blocks).isGreaterThanOrEqualTo(4);
    assertThat(manifest.ledgerHead()).isEqualTo(head);
    assertThat(manifest.ledgerBlocks()).isEqualTo(blocks);

    NodeConfig target = NodeConfig.defaults(tmp.resolve("target"));
    RestoreReport report = Backup.restore(zip, target);

    assertThat(report.ledgerBlocks()).isEqualTo(blocks);
    LedgerAudit.Result audit =
        LedgerAudit.verifyStored(target, Ed25519Engines.fastest(), System.currentTimeMillis());
    assertThat(audit.ok()).as("%s", audit).isTrue();
    assertThat(((LedgerAudit.Result.Verified) audit).head().hash()).isEqualTo(head);
    try (Node restored = Node.open(target)) {
      assertThat(restored.ledger().head().hash()).isEqualTo(head);
      assertThat(restored.ledgerStore().count()).isEqualTo(blocks);
      assertThat(restored.ledgerStore().head()).contains(head);
      assertThat(restored.knowledge().stats().blocks()).isEqualTo(5);
    }
  }

  @Test
  void restoreRefusesATamperedLedgerEvenWhenTheHashWasFixedUpAndLeavesTheTargetEmpty()
      throws Exception {
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(tmp.resolve("source"))) {
      node.knowledge().add(BlockDraft.fact("eins"));
      node.ledger()
          .submit(new TxPayload.PolicyChanged("p", "original"))
          .sealed()
          .get(10, TimeUnit.SECONDS);
      Backup.create(node, zip);
    }
    Map<String, byte[]> entries = read(zip);
    String ledger = new String(entries.get("ledger.jsonl"), StandardCharsets.UTF_8);
    assertThat(ledger).contains("original");
    String tampered = ledger.replace("original", "tampered");
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    BackupManifest forged = rehashed(m, "ledger.jsonl", tampered.getBytes(StandardCharsets.UTF_8));
    entries.put("ledger.jsonl", tampered.getBytes(StandardCharsets.UTF_8));
    entries.put("manifest.json", forged.toJson());
    write(zip, entries);

    assertRefusedAndTargetUntouched(zip, "its ledger does not verify");
  }

  @Test
  void restoreRefusesALedgerThatDoesNotMatchItsHash() throws Exception {
    Path zip = rewrite(backupOfTwoBlocks(), "ledger.jsonl", s -> s.replace("mother", "MOTHER"));

    assertRefusedAndTargetUntouched(zip, "ledger.jsonl does not match the SHA-256");
  }

  @Test
  void aFormatOneBackupWithoutALedgerStillRestoresAndTheNodeGetsANewGenesis() throws Exception {
    Path zip = backupOfTwoBlocks();
    Map<String, byte[]> entries = read(zip);
    BackupManifest m = BackupManifest.fromJson(entries.get("manifest.json"));
    entries.remove("ledger.jsonl");
    entries.put(
        "manifest.json",
        BackupManifest.withoutLedger(m.version(), m.deviceId(), m.created(), m.blocks(), m.sha256())
            .toJson());
    write(zip, entries);
    assertThat(new String(read(zip).get("manifest.json"), StandardCharsets.UTF_8))
        .contains("\"format\" : 1")
        .doesNotContain("ledger");

    NodeConfig target = NodeConfig.defaults(tmp.resolve("target"));
    RestoreReport report = Backup.restore(zip, target);

    assertThat(report.manifest().format()).isEqualTo(1);
    assertThat(report.blocks()).isEqualTo(2);
    assertThat(report.ledgerBlocks()).isEqualTo(1);
    assertThat(
            LedgerAudit.verifyStored(target, Ed25519Engines.fastest(), System.currentTimeMillis())
                .ok())
        .isTrue();
    try (Node restored = Node.open(target)) {
      assertThat(restored.ledger().head().isGenesis()).isTrue();
      assertThat(restored.knowledge().stats().blocks()).isEqualTo(2);
      assertThat(restored.knowledge().verifyAll().ok()).isTrue();
    }
  }

  private Path backupOfTwoBlocks() {
    Path zip = tmp.resolve("kiana.zip");
    try (Node node = open(tmp.resolve("source"))) {
      node.knowledge().add(BlockDraft.fact("eins"));
      node.knowledge().add(BlockDraft.fact("zwei"));
      Backup.create(node, zip);
    }
    return zip;
  }

  static Map<String, byte[]> read(Path zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        entries.put(e.getName(), z.readAllBytes());
      }
    }
    return entries;
  }

  static void write(Path zip, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    try (OutputStream out = Files.newOutputStream(zip)) {
      bytes.writeTo(out);
    }
  }

  private static Path rewrite(Path zip, String entry, UnaryOperator<String> change)
      throws IOException {
    Map<String, byte[]> entries = read(zip);
    entries.put(
        entry,
        change
            .apply(new String(entries.get(entry), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));
    write(zip, entries);
    return zip;
  }

  /**
   * {@code m} with the hash of {@code entry} replaced by that of {@code content}: a forger who
   * edits an entry and fixes up its hash, so only the checks after the hashes can refuse it.
   */
  static BackupManifest rehashed(BackupManifest m, String entry, byte[] content) {
    String sha = ai.kiana.core.crypto.Sha256.hex(content);
    return new BackupManifest(
        m.format(),
        m.version(),
        m.deviceId(),
        m.created(),
        m.blocks(),
        entry.equals("blocks.jsonl") ? sha : m.sha256(),
        m.ledgerBlocks(),
        m.ledgerHead(),
        entry.equals("ledger.jsonl") ? sha : m.ledgerSha256(),
        entry.equals("security.json") ? sha : m.securitySha256(),
        entry.equals("messages.json") ? sha : m.messagesSha256());
  }
}
