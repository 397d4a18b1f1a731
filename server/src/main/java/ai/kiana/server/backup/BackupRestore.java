package ai.kiana.server.backup;

import ai.kiana.core.block.ImportReport;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.identity.PrivateKeyPem;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Restores a backup: checks all of it before writing anything, then writes the key and imports the
 * blocks in one transaction; on failure removes what it wrote. See {@link Backup}.
 */
final class BackupRestore {

  private static final HexFormat HEX = HexFormat.of();

  private BackupRestore() {}

  /** See {@link Backup#restore}. */
  static RestoreReport restore(Path zip, NodeConfig target) {
    if (!Files.exists(zip)) {
      throw new UncheckedIOException(
          new NoSuchFileException(zip.toString(), null, "no such backup file"));
    }
    try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      BackupContents contents = check(file, zip);
      return restoreInto(file, contents, target);
    } catch (ZipException e) {
      throw new BackupException(
          zip + " is not a KI_ana backup (not a readable zip file)", "check the file name");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + zip + ": " + e.getMessage(), e);
    }
  }

  /** What a checked backup holds, apart from the blocks, which are streamed from the zip. */
  private record BackupContents(
      BackupManifest manifest, NodeIdentity identity, byte[] properties) {}

  private static BackupContents check(ZipFile file, Path zip) throws IOException {
    BackupManifest manifest = BackupManifest.fromJson(readSmall(file, Backup.MANIFEST, zip));
    NodeIdentity identity;
    try {
      byte[] seed =
          PrivateKeyPem.decode(
              new String(readSmall(file, Backup.KEY, zip), StandardCharsets.US_ASCII));
      identity = NodeIdentity.fromSeed(Ed25519Engines.fastest(), seed);
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
    ZipEntry properties = file.getEntry(Backup.PROPERTIES);
    return new BackupContents(
        manifest, identity, properties == null ? null : readSmall(file, Backup.PROPERTIES, zip));
  }

  private static RestoreReport restoreInto(ZipFile file, BackupContents contents, NodeConfig target)
      throws IOException {
    Path dir = target.dataDir();
    if (KeyFile.exists(dir)) {
      throw new BackupException(
          dir + " already holds a node key; restore only goes into an empty data directory",
          "restore into a new --data-dir, or move " + dir + " away first");
    }
    DataDir.create(dir);
    Path keyFile = DataDir.keyFile(dir);
    Path propertiesFile = null;
    boolean done = false;
    try {
      propertiesFile = writeProperties(contents.properties(), target);
      KeyFile.write(keyFile, contents.identity());
      try (Node node = Node.open(target)) {
        long existing = node.knowledge().stats().blocks();
        if (existing > 0) {
          throw new BackupException(
              "the block store of "
                  + dir
                  + " already holds "
                  + existing
                  + " blocks; restore only goes into an empty one",
              "restore into a new --data-dir, or point --db-url at an empty database");
        }
        ImportReport report;
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    file.getInputStream(file.getEntry(Backup.BLOCKS)),
                    StandardCharsets.UTF_8.newDecoder()))) {
          report = node.knowledge().importJsonLines(reader, false);
        }
        if (!report.ok()) {
          ImportReport.Rejection first = report.rejected().get(0);
          throw new BackupException(
              "the backup holds "
                  + report.rejected().size()
                  + " block(s) that do not verify, e.g. line "
                  + first.line()
                  + " of "
                  + Backup.BLOCKS
                  + ": "
                  + first.reason()
                  + "; nothing was restored",
              "use another backup file");
        }
        done = true;
        return new RestoreReport(contents.manifest(), report.stored(), propertiesFile);
      }
    } finally {
      if (!done) {
        // Leave the target as we found it, so the user can retry with another backup.
        BackupFiles.deleteQuietly(keyFile);
        BackupFiles.deleteQuietly(propertiesFile);
      }
    }
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

  private static byte[] readSmall(ZipFile file, String name, Path zip) throws IOException {
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

  private static BackupException damaged(Path zip, String problem) {
    return new BackupException(
        zip + " is not a usable backup: " + problem, "use another backup file");
  }
}
