package ai.kiana.server.node;

import ai.kiana.core.crypto.Ed25519;
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
      return NodeIdentity.fromSeed(
          ed25519, PrivateKeyPem.decode(Files.readString(file, StandardCharsets.US_ASCII)));
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
