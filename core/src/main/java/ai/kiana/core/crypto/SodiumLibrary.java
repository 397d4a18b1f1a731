package ai.kiana.core.crypto;

import com.goterl.lazysodium.Sodium;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the libsodium that lazysodium-java bundles for this platform, once per JVM.
 *
 * <p>lazysodium's own loader unpacks every bundled library (about 3.6 MB) into a fresh temporary
 * directory on each start and never deletes it, so a CLI that runs often would fill /tmp. Instead
 * the one library for this platform is copied to the user's cache directory under a name derived
 * from its hash, reused by later starts, and rewritten if its content ever differs.
 */
final class SodiumLibrary {

  private static final Logger LOG = LoggerFactory.getLogger(SodiumLibrary.class);

  private SodiumLibrary() {}

  /** The loaded library; loading failures surface as {@link LinkageError} or RuntimeException. */
  static Sodium get() {
    return Holder.SODIUM;
  }

  private static Sodium load() {
    String resource = LibraryLoader.getSodiumPathInResources();
    byte[] library;
    try (InputStream in = SodiumJava.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new UnsatisfiedLinkError("lazysodium bundles no libsodium at " + resource);
      }
      library = in.readAllBytes();
    } catch (IOException e) {
      throw new UnsatisfiedLinkError("cannot read bundled libsodium " + resource + ": " + e);
    }
    Path file;
    try {
      file = cached(resource, library);
    } catch (IOException | RuntimeException e) {
      // An unwritable home directory should cost disk space in /tmp, not the fast engine.
      LOG.debug("cannot cache libsodium ({}); using lazysodium's loader", e.toString());
      return new SodiumJava(LibraryLoader.Mode.BUNDLED_ONLY);
    }
    return new SodiumJava(file.toString());
  }

  private static Path cached(String resource, byte[] library) throws IOException {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    String version = Sha256.hex(library).substring(0, 16);
    Path file = cacheRoot().resolve("kiana").resolve("native").resolve(version).resolve(name);
    if (Files.isRegularFile(file)
        && Files.size(file) == library.length
        && Arrays.equals(Files.readAllBytes(file), library)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    // Write aside and rename, so a concurrent start never loads a half-written file.
    Path partial = Files.createTempFile(file.getParent(), name, ".partial");
    try {
      Files.write(partial, library);
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
    return file;
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }

  private static final class Holder {
    static final Sodium SODIUM = load();
  }
}
