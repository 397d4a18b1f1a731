package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret is ever committed (the prototype this replaces committed its signing key), and the
 * secrets a node makes are readable by its owner only.
 */
class RepositoryAndFileSecretsTest {

  // Built from pieces so that this file does not match its own patterns.
  private static final List<Pattern> SECRETS =
      List.of(
          // A PEM private key with a body (the bare header appears in code that writes keys).
          Pattern.compile(
              "-----BEGIN ([A-Z ]+ )?" + "PRIVATE KEY-----\\s*[A-Za-z0-9+/=\\s]{40,}-----END"),
          Pattern.compile(
              "ey" + "J[A-Za-z0-9_-]{10,}\\.ey" + "J[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"),
          Pattern.compile("AK" + "IA[0-9A-Z]{16}"),
          Pattern.compile("gh" + "[pousr]_[A-Za-z0-9]{36}"),
          Pattern.compile("xox" + "[baprs]-[A-Za-z0-9-]{10,}"),
          // A real password hash (salt and hash), not the format written out in docs.
          Pattern.compile(
              "\\$argon2"
                  + "id\\$v=19\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/]{16,}\\$[A-Za-z0-9+/]{16,}"));

  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", ".idea", "node_modules");

  @Test
  void theRepositoryHoldsNoPrivateKeysOrTokens() throws IOException {
    Path root = repositoryRoot();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> root.relativize(p).toString().isEmpty() || notSkipped(root.relativize(p)))
          .filter(Files::isRegularFile)
          .filter(p -> sizeOf(p) < 2_000_000)
          .forEach(p -> scan(root, p, found));
    }
    assertThat(found).as("secrets found in the repository").isEmpty();
  }

  @Test
  void theScanRecognisesTheSecretsThisCodeMakes(@TempDir Path tmp) {
    byte[] seed = new byte[32];
    new java.security.SecureRandom().nextBytes(seed);
    String pem = ai.kiana.core.identity.PrivateKeyPem.encode(seed);
    String hash = new ai.kiana.server.auth.PasswordHasher(1024, 1, 1).hash("a password");
    String jwt;
    try (TestNode server = TestNode.start(tmp)) {
      jwt = server.token();
    }
    for (String secret : List.of(pem, hash, jwt)) {
      assertThat(SECRETS.stream().anyMatch(p -> p.matcher(secret).find()))
          .as("no pattern finds %s", secret)
          .isTrue();
    }
  }

  @Test
  void aNodeKeepsItsDataDirectoryAndSecretsOwnerOnly(@TempDir Path tmp) throws IOException {
    Path dataDir = tmp.resolve("node");
    try (TestNode server = TestNode.start(dataDir)) {
      // A token issued and an audit entry written, so every secret file exists.
      assertThat(server.get("/api/v1/auth/me").status()).isEqualTo(200);
    }
    assertThat(mode(dataDir)).isEqualTo("rwx------");
    assertThat(mode(dataDir.resolve("identity"))).isEqualTo("rwx------");
    assertThat(mode(dataDir.resolve("identity/node.key"))).isEqualTo("rw-------");
    assertThat(mode(dataDir.resolve("identity/jwt.key"))).isEqualTo("rw-------");
    assertThat(mode(dataDir.resolve("audit.head"))).isEqualTo("rw-------");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static boolean notSkipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return false;
      }
    }
    return true;
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void scan(Path root, Path file, List<String> found) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return;
    }
    for (Pattern p : SECRETS) {
      if (p.matcher(text).find()) {
        found.add(root.relativize(file) + " matches " + p.pattern());
      }
    }
  }

  /** The directory with the parent pom (the one listing the modules), above this module. */
  private static Path repositoryRoot() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path pom = dir.resolve("pom.xml");
      if (Files.exists(pom) && Files.readString(pom).contains("<modules>")) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no parent pom above " + Path.of("").toAbsolutePath());
  }
}
