package ai.kiana.server.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The layout of a node's data directory and where it lives by default.
 *
 * <pre>
 * &lt;data-dir&gt;/
 *   kiana.properties   optional settings
 *   identity/node.key  the node's Ed25519 private key, PKCS#8 PEM, owner-only
 *   identity/message.key  its X25519 key for end-to-end messages, PKCS#8 PEM, owner-only
 *   kiana.db           the SQLite block store (unless db.url points elsewhere)
 *   node.lock          held while a node runs on this directory
 *   index/             the Lucene search index (derived: kiana reindex rebuilds it)
 *   followed-folders.txt  folders kiana follow watches, one a line
 * </pre>
 */
public final class DataDir {

  public static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private DataDir() {}

  /**
   * The data directory: {@code --data-dir} if given, else env {@code KIANA_HOME}, else the
   * platform's per-user data location.
   */
  public static Path resolve(Path flag, Map<String, String> env) {
    if (flag != null) {
      return flag.toAbsolutePath().normalize();
    }
    String home = env.get("KIANA_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    return platformDefault(
        env, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
  }

  static Path platformDefault(Map<String, String> env, String osName, Path userHome) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      String appData = env.get("LOCALAPPDATA");
      return (appData != null ? Path.of(appData) : userHome.resolve("AppData/Local"))
          .resolve("KI_ana");
    }
    if (os.contains("mac")) {
      return userHome.resolve("Library/Application Support/KI_ana");
    }
    String xdg = env.get("XDG_DATA_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share"))
        .resolve("kiana");
  }

  public static String defaultJdbcUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("kiana.db");
  }

  public static Path keyFile(Path dataDir) {
    return dataDir.resolve("identity").resolve("node.key");
  }

  public static Path messageKeyFile(Path dataDir) {
    return dataDir.resolve("identity").resolve("message.key");
  }

  public static Path indexDir(Path dataDir) {
    return dataDir.resolve("index");
  }

  public static Path followedFolders(Path dataDir) {
    return dataDir.resolve("followed-folders.txt");
  }

  public static Path lockFile(Path dataDir) {
    return dataDir.resolve("node.lock");
  }

  /** Creates the directory (owner-only where the file system has POSIX permissions). */
  public static void create(Path dir) {
    try {
      Files.createDirectories(dir);
      restrictToOwner(dir, OWNER_ONLY_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  public static void restrictToOwner(Path path, Set<PosixFilePermission> perms) throws IOException {
    if (isPosix()) {
      Files.setPosixFilePermissions(path, perms);
    } else {
      var file = path.toFile();
      file.setReadable(false, false);
      file.setReadable(true, true);
      file.setWritable(false, false);
      file.setWritable(true, true);
    }
  }

  public static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
