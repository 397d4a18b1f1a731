package ai.kiana.server.backup;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.identity.PrivateKeyPem;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.core.ledger.Genesis;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerKeys;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Restores a backup: checks all of it before writing anything (the ledger chain included), then
 * writes the keys and stores the knowledge blocks, the ledger blocks, the ledger head and the other
 * tables (accounts, audit log, messages) in one transaction; on failure removes what it wrote. See
 * {@link Backup}.
 */
final class BackupRestore {

  private static final HexFormat HEX = HexFormat.of();

  private BackupRestore() {}

  /** See {@link Backup#restore}. */
  static RestoreReport restore(Path zip, NodeConfig target) {
    return restore(zip, target, Clock.systemUTC());
  }

  /** {@code clock} dates a new genesis (format 1) and checks ledger timestamps against now. */
  static RestoreReport restore(Path zip, NodeConfig target, Clock clock) {
    if (!Files.exists(zip)) {
      throw new UncheckedIOException(
          new NoSuchFileException(zip.toString(), null, "no such backup file"));
    }
    try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      BackupContents contents = check(file, zip, clock.millis());
      return restoreInto(file, contents, target, clock);
    } catch (ZipException e) {
      throw new BackupException(
          zip + " is not a KI_ana backup (not a readable zip file)", "check the file name");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + zip + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a checked backup holds, apart from the knowledge blocks, which are read from the zip again
   * when they are stored. {@code ledger} is empty for a format-1 backup.
   */
  private record BackupContents(
      BackupManifest manifest,
      NodeIdentity identity,
      byte[] properties,
      List<LedgerBlock> ledger,
      LedgerState headState,
      SecurityBackup.Contents security,
      MessageBackup.Contents messages) {}

  private static BackupContents check(ZipFile file, Path zip, long now) throws IOException {
    BackupManifest manifest = BackupManifest.fromJson(readSmall(file, Backup.MANIFEST, zip));
    NodeIdentity identity;
    try {
      byte[] seed =
          PrivateKeyPem.decode(
              new String(readSmall(file, Backup.KEY, zip), StandardCharsets.US_ASCII));
      // A device that rotated its key keeps the ID of its first key (identity/device.id).
      identity =
          file.getEntry(Backup.DEVICE_ID) == null
              ? NodeIdentity.fromSeed(Ed25519Engines.fastest(), seed)
              : NodeIdentity.rotated(
                  Ed25519Engines.fastest(),
                  seed,
                  DeviceId.parse(
                      new String(readSmall(file, Backup.DEVICE_ID, zip), StandardCharsets.US_ASCII)
                          .strip()));
      Arrays.fill(seed, (byte) 0);
    } catch (IllegalArgumentException e) {
      throw damaged(zip, Backup.KEY + " is not a node key: " + e.getMessage());
    }
    if (!identity.deviceId().equals(manifest.deviceId())) {
      throw damaged(zip, "its key belongs to another device than its manifest names");
    }
    ZipEntry blocks = file.getEntry(Backup.BLOCKS);
    if (blocks == null) {
      throw damaged(zip, "it has no " + Backup.BLOCKS);
    }
    MessageDigest sha = BackupFiles.sha256();
    long lines = 0;
    try (InputStream in = new DigestInputStream(file.getInputStream(blocks), sha)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    if (!HEX.formatHex(sha.digest()).equals(manifest.sha256())) {
      throw damaged(zip, Backup.BLOCKS + " does not match the SHA-256 in its manifest");
    }
    if (lines != manifest.blocks()) {
      throw damaged(
          zip, Backup.BLOCKS + " has " + lines + " blocks, its manifest says " + manifest.blocks());
    }
    List<LedgerBlock> ledger = List.of();
    LedgerState headState = null;
    if (manifest.hasLedger()) {
      ledger = BackupLedger.readLedger(file, manifest, zip);
      headState = BackupLedger.verifyLedger(ledger, manifest.ledgerHead(), now, zip);
    }
    if (identity.rotated()
        && (headState == null
            || headState.device(identity.deviceId()) == null
            || !headState
                .device(identity.deviceId())
                .key()
                .equals(HEX.formatHex(identity.publicKey())))) {
      throw damaged(zip, "its ledger does not hold its rotated key as the device's key");
    }
    SecurityBackup.Contents security =
        manifest.securitySha256() == null
            ? SecurityBackup.Contents.EMPTY
            : SecurityBackup.read(file, manifest.securitySha256(), zip);
    MessageBackup.Contents messages =
        manifest.messagesSha256() == null
            ? MessageBackup.Contents.EMPTY
            : MessageBackup.read(
                file, manifest.messagesSha256(), identity.deviceId(), keysOf(headState), zip);
    ZipEntry properties = file.getEntry(Backup.PROPERTIES);
    return new BackupContents(
        manifest,
        identity,
        properties == null ? null : readSmall(file, Backup.PROPERTIES, zip),
        ledger,
        headState,
        security,
        messages);
  }

  private static RestoreReport restoreInto(
      ZipFile file, BackupContents contents, NodeConfig target, Clock clock) throws IOException {
    Path dir = target.dataDir();
    if (KeyFile.exists(dir)) {
      throw new BackupException(
          dir + " already holds a node key; restore only goes into an empty data directory",
          "restore into a new --data-dir, or move " + dir + " away first");
    }
    Path messageKeyFile = DataDir.messageKeyFile(dir);
    boolean messageKey = contents.messages().keyPem() != null;
    if (messageKey && Files.exists(messageKeyFile)) {
      throw new BackupException(
          dir + " already holds a message key; restore only goes into an empty data directory",
          "restore into a new --data-dir, or move " + dir + " away first");
    }
    DataDir.create(dir);
    Path keyFile = DataDir.keyFile(dir);
    Path propertiesFile = null;
    boolean done = false;
    try {
      propertiesFile = writeProperties(contents.properties(), target);
      KeyFile.write(keyFile, contents.identity());
      MessageBackup.writeKey(dir, contents.messages());
      // The stores, not the node: opening the node would create a new ledger genesis.
      try (Stores stores =
          Stores.open(new StoreConfig(target.jdbcUrl(), target.dbUser(), target.dbPassword()))) {
        long existing = stores.blocks().stats().blocks();
        if (existing > 0) {
          throw new BackupException(
              "the block store of "
                  + dir
                  + " already holds "
                  + existing
                  + " blocks; restore only goes into an empty one",
              "restore into a new --data-dir, or point --db-url at an empty database");
        }
        long existingLedger = stores.ledger().count();
        if (existingLedger > 0 || stores.ledger().head().isPresent()) {
          throw new BackupException(
              "the database of "
                  + dir
                  + " already holds a ledger of "
                  + existingLedger
                  + " blocks; restore only goes into an empty one",
              "restore into a new --data-dir, or point --db-url at an empty database");
        }
        List<KnowledgeBlock> blocks = readVerifiedBlocks(file, contents.headState());
        List<LedgerBlock> ledger = contents.ledger();
        String head = contents.manifest().ledgerHead();
        if (!contents.manifest().hasLedger()) {
          // A format-1 backup: the node gets a new ledger, as 'kiana init' would give it.
          LedgerBlock genesis =
              Genesis.create(
                  contents.identity(), LedgerService.DEFAULT_CREATOR_NAME, clock.millis());
          ledger = List.of(genesis);
          head = genesis.hash();
        }
        int stored =
            stores.restore(
                blocks,
                ledger,
                head,
                c -> {
                  SecurityBackup.insert(c, contents.security());
                  return MessageBackup.insert(c, contents.messages());
                });
        SecurityBackup.writeFiles(dir, contents.identity(), contents.security());
        done = true;
        return new RestoreReport(
            contents.manifest(),
            stored,
            ledger.size(),
            contents.messages().messages(),
            propertiesFile);
      }
    } finally {
      if (!done) {
        // Leave the target as we found it, so the user can retry with another backup.
        BackupFiles.deleteQuietly(keyFile);
        if (messageKey) {
          BackupFiles.deleteQuietly(messageKeyFile);
        }
        BackupFiles.deleteQuietly(propertiesFile);
        SecurityBackup.deleteFiles(dir);
      }
    }
  }

  /** The device keys the backed-up ledger records (all judged offline without a ledger). */
  private static DeviceKeys keysOf(LedgerState ledger) {
    return new LedgerKeys(() -> ledger);
  }

  /**
   * Reads and verifies every knowledge block of the backup; refuses the backup if any does not
   * verify, before anything is stored.
   */
  private static List<KnowledgeBlock> readVerifiedBlocks(ZipFile file, LedgerState ledger)
      throws IOException {
    // Blocks signed after a key rotation verify by the backed-up ledger's record of the keys.
    BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest(), keysOf(ledger));
    List<KnowledgeBlock> valid = new ArrayList<>();
    int rejected = 0;
    String first = null;
    int lineNo = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                file.getInputStream(file.getEntry(Backup.BLOCKS)),
                StandardCharsets.UTF_8.newDecoder()))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String problem;
        try {
          KnowledgeBlock block = BlockCodec.fromJson(line);
          if (verifier.verify(block) instanceof Verification.Invalid invalid) {
            problem = invalid.reason();
          } else {
            valid.add(block);
            continue;
          }
        } catch (InvalidBlockException | JsonFormatException e) {
          problem = e.getMessage();
        }
        rejected++;
        if (first == null) {
          first = "line " + lineNo + " of " + Backup.BLOCKS + ": " + problem;
        }
      }
    }
    if (rejected > 0) {
      throw new BackupException(
          "the backup holds "
              + rejected
              + " block(s) that do not verify, e.g. "
              + first
              + "; nothing was restored",
          "use another backup file");
    }
    return valid;
  }

  /**
   * Writes the backed-up settings as the target's {@code kiana.properties} when that cannot send
   * the restored node to another database than the one the blocks go into; else sets them aside.
   */
  private static Path writeProperties(byte[] properties, NodeConfig target) throws IOException {
    if (properties == null) {
      return null;
    }
    Path live = target.dataDir().resolve(Backup.PROPERTIES);
    Properties p = new Properties();
    try {
      p.load(new InputStreamReader(new ByteArrayInputStream(properties), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BackupException(
          "the backup's " + Backup.PROPERTIES + " is damaged: " + e.getMessage(),
          "use another backup file");
    }
    String dbUrl = p.getProperty("db.url");
    boolean safe = !Files.exists(live) && (dbUrl == null || dbUrl.strip().equals(target.jdbcUrl()));
    Path dest = safe ? live : target.dataDir().resolve(Backup.SET_ASIDE_PROPERTIES);
    Path tmp = Files.createTempFile(target.dataDir(), "." + Backup.PROPERTIES, ".tmp");
    try {
      Files.write(tmp, properties);
      BackupFiles.moveIntoPlace(tmp, dest);
    } finally {
      BackupFiles.deleteQuietly(tmp);
    }
    return dest;
  }

  static byte[] readSmall(ZipFile file, String name, Path zip) throws IOException {
    ZipEntry entry = file.getEntry(name);
    if (entry == null) {
      throw damaged(zip, "it has no " + name);
    }
    try (InputStream in = file.getInputStream(entry)) {
      byte[] bytes = in.readNBytes(Backup.MAX_SMALL_ENTRY_BYTES + 1);
      if (bytes.length > Backup.MAX_SMALL_ENTRY_BYTES) {
        throw damaged(zip, name + " is larger than " + Backup.MAX_SMALL_ENTRY_BYTES + " bytes");
      }
      return bytes;
    }
  }

  static BackupException damaged(Path zip, String problem) {
    return new BackupException(
        zip + " is not a usable backup: " + problem, "use another backup file");
  }
}
