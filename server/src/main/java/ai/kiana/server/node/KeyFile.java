package ai.kiana.server.node;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.identity.PrivateKeyPem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The node's private key on disk. Created owner-only and written atomically; refused when other
 * users can read it, as ssh does, because a leaked key lets anyone sign as this device.
 */
public final class KeyFile {

  private KeyFile() {}

  /** Whether the data directory already holds a key. */
  public static boolean exists(Path dataDir) {
    return Files.exists(DataDir.keyFile(dataDir));
  }

  /** Loads the node's key, creating one on first use. */
  public static NodeIdentity loadOrCreate(Path dataDir, Ed25519 ed25519) {
    return exists(dataDir) ? load(dataDir, ed25519) : create(dataDir, ed25519);
  }

  /**
   * @throws NodeSetupException if the file is unreadable, malformed or open to other users
   */
  public static NodeIdentity load(Path dataDir, Ed25519 ed25519) {
    Path file = DataDir.keyFile(dataDir);
    try {
      if (DataDir.isPosix()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          throw new NodeSetupException(
              file + " can be read by other users", "run: chmod 600 " + file);
        }
      }
      byte[] seed = PrivateKeyPem.decode(Files.readString(file, StandardCharsets.US_ASCII));
      Path id = deviceIdFile(dataDir);
      if (Files.exists(id)) {
        // The key was rotated: the device stays the one its first key made.
        return NodeIdentity.rotated(
            ed25519, seed, DeviceId.parse(Files.readString(id, StandardCharsets.US_ASCII).strip()));
      }
      return NodeIdentity.fromSeed(ed25519, seed);
    } catch (IOException e) {
      throw new NodeSetupException(
          "cannot read " + file + ": " + e.getMessage(), "check the data directory");
    } catch (IllegalArgumentException e) {
      throw new NodeSetupException(
          file + " is damaged: " + e.getMessage(), "restore it from a backup");
    }
  }

  /** Creates and writes a fresh key; fails if one exists, so a key is never overwritten. */
  public static NodeIdentity create(Path dataDir, Ed25519 ed25519) {
    Path file = DataDir.keyFile(dataDir);
    NodeIdentity identity = NodeIdentity.generate(ed25519);
    write(file, identity);
    return identity;
  }

  /**
   * Where a rotated device keeps its ID (the hash of its first key); absent until the first
   * rotation, so the ID is the hash of the key in {@code node.key}.
   */
  public static Path deviceIdFile(Path dataDir) {
    return DataDir.keyFile(dataDir).resolveSibling("device.id");
  }

  /** The key a rotation in progress will switch to, written before the ledger hears of it. */
  public static Path nextKeyFile(Path dataDir) {
    return DataDir.keyFile(dataDir).resolveSibling("node.key.next");
  }

  /**
   * Step 1 of a key rotation: a new key for the same device, written to {@link #nextKeyFile} (0600,
   * atomically, replacing an abandoned one) before any transaction names it, so the key the ledger
   * will hold is never lost.
   */
  public static NodeIdentity prepareRotation(Path dataDir, Ed25519 ed25519, DeviceId device) {
    Path next = nextKeyFile(dataDir);
    try {
      Files.deleteIfExists(next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + next + ": " + e.getMessage(), e);
    }
    NodeIdentity fresh = NodeIdentity.generate(ed25519);
    write(next, fresh);
    return NodeIdentity.rotated(ed25519, fresh.exportSeed(), device);
  }

  /** The key of a rotation in progress, as the identity of {@code device}, if there is one. */
  public static java.util.Optional<NodeIdentity> pendingRotation(
      Path dataDir, Ed25519 ed25519, DeviceId device) {
    Path next = nextKeyFile(dataDir);
    if (!Files.exists(next)) {
      return java.util.Optional.empty();
    }
    try {
      byte[] seed = PrivateKeyPem.decode(Files.readString(next, StandardCharsets.US_ASCII));
      return java.util.Optional.of(NodeIdentity.rotated(ed25519, seed, device));
    } catch (IOException | IllegalArgumentException e) {
      throw new NodeSetupException(
          next + " is damaged: " + e.getMessage(), "delete it and rotate again");
    }
  }

  /**
   * Step 3, once the ledger holds the new key: records the device ID (if not yet), then moves the
   * new key over the old one atomically. The old private key is gone afterwards: a key is rotated
   * because it may have leaked, and blocks it signed verify by its public key alone.
   */
  public static void completeRotation(Path dataDir, DeviceId device) {
    Path id = deviceIdFile(dataDir);
    Path next = nextKeyFile(dataDir);
    try {
      if (!Files.exists(id)) {
        Path tmp = Files.createTempFile(id.getParent(), "device.id", ".tmp");
        DataDir.restrictToOwner(tmp, DataDir.OWNER_ONLY_FILE);
        Files.writeString(tmp, device.hex() + "\n", StandardCharsets.US_ASCII);
        move(tmp, id);
      }
      move(next, DataDir.keyFile(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot complete the key rotation: " + e.getMessage(), e);
    }
  }

  /** Drops a rotation the ledger never recorded. */
  public static void abandonRotation(Path dataDir) {
    try {
      Files.deleteIfExists(nextKeyFile(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + nextKeyFile(dataDir), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes a given identity (restore from backup); fails if a key exists. */
  public static void write(Path file, NodeIdentity identity) {
    try {
      DataDir.create(file.getParent());
      if (Files.exists(file)) {
        throw new NodeSetupException(file + " already exists", "a node's key is never overwritten");
      }
      Path tmp = Files.createTempFile(file.getParent(), "node.key", ".tmp");
      DataDir.restrictToOwner(tmp, DataDir.OWNER_ONLY_FILE);
      Files.writeString(
          tmp, PrivateKeyPem.encode(identity.exportSeed()), StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
