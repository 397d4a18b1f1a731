package ai.kiana.server.backup;

import ai.kiana.core.identity.PrivateKeyPem;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.server.node.ConfigLoader;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.server.node.NodeVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Backs a node up into one zip file and restores it into an empty data directory.
 *
 * <pre>
 * identity/node.key   the node's private key (PKCS#8 PEM) — the zip is as secret as the key
 * identity/device.id  the device ID, only after a key rotation (the hash of the first key)
 * identity/message.key  the X25519 key end-to-end messages to this device are sealed to
 * kiana.properties    the node's settings, if it has any
 * blocks.jsonl        every block, canonical JSON, one a line, oldest first, from one snapshot
 * ledger.jsonl        every stored ledger block (forks too), canonical JSON, lowest height first
 * security.json       accounts, audit log, safety settings, scope grants, allow/deny lists
 *                     ({@link SecurityBackup}; not the sessions nor the JWT key: a restore logs
 *                     everyone out)
 * messages.json       the end-to-end messages: inbox, outbox, relayed envelopes, receipts and the
 *                     devices' key announcements ({@link MessageBackup})
 * manifest.json       {@link BackupManifest}: format, version, device ID, block counts, SHA-256s,
 *                     the ledger's head
 * </pre>
 *
 * <p>A backup can be taken while a node runs on the same data directory: the blocks come from one
 * consistent store snapshot, the ledger blocks from another (see {@link #create(Node, Path)}). The
 * zip is written to a temporary file and renamed into place, so the named file is always either the
 * previous backup or the complete new one. A restore checks the whole file before it writes
 * anything, and leaves the target as it found it when it fails.
 */
public final class Backup {

  public static final String MANIFEST = "manifest.json";
  public static final String KEY = "identity/node.key";
  public static final String DEVICE_ID = "identity/device.id";
  public static final String SECURITY = SecurityBackup.ENTRY;
  public static final String MESSAGE_KEY = MessageBackup.KEY;
  public static final String MESSAGES = MessageBackup.ENTRY;
  public static final String PROPERTIES = ConfigLoader.FILE_NAME;
  public static final String BLOCKS = "blocks.jsonl";
  public static final String LEDGER = "ledger.jsonl";

  /** Where a backed-up settings file goes when it cannot safely become the target's settings. */
  public static final String SET_ASIDE_PROPERTIES = ConfigLoader.FILE_NAME + ".from-backup";

  /** Upper bounds for the small entries, so a hostile zip cannot make restore read gigabytes. */
  static final int MAX_SMALL_ENTRY_BYTES = 64 * 1024;

  private static final HexFormat HEX = HexFormat.of();

  private Backup() {}

  /**
   * Writes a backup of {@code node} to {@code zip}, replacing an older file of that name
   * atomically.
   *
   * <p>The knowledge blocks and the ledger blocks are read in two snapshots, not one: the stores
   * share a database but not a transaction. The ledger head is read first, then the ledger blocks.
   * Ledger blocks are immutable and never deleted, so every block the head names is among the
   * listed ones; blocks sealed meanwhile may be listed too, which is harmless (they extend the
   * listed chain; the restored node's fork choice may move its head onto them). Restore checks that
   * the head is among the blocks all the same. Knowledge blocks and ledger blocks do not refer to
   * each other, so two snapshots cannot tear anything apart.
   *
   * @return the manifest written into the backup
   * @throws UncheckedIOException if the file cannot be written; no partial file is left behind
   */
  public static BackupManifest create(Node node, Path zip) {
    return create(node, zip, Clock.systemUTC());
  }

  /**
   * Restores a backup into the data directory of {@code target}, which must hold no key, no blocks
   * and no ledger (nor a message key, when the backup has one). Checks the manifest, the hashes of
   * the blocks and of the ledger, the whole ledger chain and that the key belongs to the backed-up
   * device before writing anything; then writes the key (owner-only) and stores every block,
   * verifying each, and every ledger block with the head, in one transaction, so the node does not
   * create a new ledger when it opens. A format 1 backup has no ledger: the target then gets a new
   * genesis block, as {@code kiana init} makes. A backup of format 3 or older has no message key:
   * the restored node makes a new one. On failure the target is left as it was.
   *
   * @throws BackupException if the backup is damaged or the target is not empty
   * @throws java.io.UncheckedIOException wrapping {@link java.nio.file.NoSuchFileException} if
   *     there is no such file
   */
  public static RestoreReport restore(Path zip, NodeConfig target) {
    return BackupRestore.restore(zip, target);
  }

  static BackupManifest create(Node node, Path zip, Clock clock) {
    Path target = zip.toAbsolutePath().normalize();
    Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      // createTempFile makes the file owner-only on POSIX systems: the zip holds the private key.
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      BackupManifest manifest;
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
        FileTime time = FileTime.from(created);
        byte[] seed = node.identity().exportSeed();
        try {
          put(out, KEY, time, PrivateKeyPem.encode(seed).getBytes(StandardCharsets.US_ASCII));
        } finally {
          Arrays.fill(seed, (byte) 0);
        }
        if (node.identity().rotated()) {
          put(
              out,
              DEVICE_ID,
              time,
              (node.identity().deviceId().hex() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        put(out, MESSAGE_KEY, time, MessageBackup.key(node.config().dataDir()));
        byte[] security = SecurityBackup.export(node.database());
        put(out, SECURITY, time, security);
        byte[] messages = MessageBackup.export(node.database());
        put(out, MESSAGES, time, messages);
        Path properties = node.config().dataDir().resolve(PROPERTIES);
        if (Files.isRegularFile(properties)) {
          put(out, PROPERTIES, time, Files.readAllBytes(properties));
        }
        MessageDigest sha = BackupFiles.sha256();
        out.putNextEntry(entry(BLOCKS, time));
        long count =
            node.knowledge()
                .exportJsonLines(
                    line -> {
                      byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                      sha.update(bytes);
                      try {
                        out.write(bytes);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
        out.closeEntry();
        // The head before the blocks: the blocks read afterwards include every block it names.
        LedgerStore ledger = node.ledgerStore();
        String head =
            ledger
                .head()
                .orElseThrow(() -> new IllegalStateException("the node has no ledger head"));
        MessageDigest ledgerSha = BackupFiles.sha256();
        long[] ledgerCount = {0};
        out.putNextEntry(entry(LEDGER, time));
        ledger.forEach(
            block -> {
              byte[] bytes =
                  (LedgerBlockCodec.toJson(block) + "\n").getBytes(StandardCharsets.UTF_8);
              ledgerSha.update(bytes);
              ledgerCount[0]++;
              try {
                out.write(bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
        out.closeEntry();
        manifest =
            new BackupManifest(
                BackupManifest.FORMAT,
                NodeVersion.current(),
                node.identity().deviceId(),
                created,
                count,
                HEX.formatHex(sha.digest()),
                ledgerCount[0],
                head,
                HEX.formatHex(ledgerSha.digest()),
                HEX.formatHex(BackupFiles.sha256().digest(security)),
                HEX.formatHex(BackupFiles.sha256().digest(messages)));
        put(out, MANIFEST, time, manifest.toJson());
      }
      BackupFiles.forceToDisk(tmp);
      BackupFiles.moveIntoPlace(tmp, target);
      return manifest;
    } catch (java.sql.SQLException e) {
      throw new ai.kiana.core.block.StoreException(
          "cannot read the accounts and audit log for the backup: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the backup " + target + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot write the backup " + target + ": " + e.getCause().getMessage(), e.getCause());
    } finally {
      BackupFiles.deleteQuietly(tmp);
    }
  }

  private static void put(ZipOutputStream out, String name, FileTime time, byte[] bytes)
      throws IOException {
    out.putNextEntry(entry(name, time));
    out.write(bytes);
    out.closeEntry();
  }

  private static ZipEntry entry(String name, FileTime time) {
    ZipEntry e = new ZipEntry(name);
    e.setLastModifiedTime(time);
    return e;
  }
}
