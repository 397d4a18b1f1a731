package ai.kiana.net.messages;

import ai.kiana.core.identity.PrivateKeyPem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A device's X25519 key pair for end-to-end messages: the private key never leaves the device; the
 * public key is announced signed by the device's Ed25519 key ({@link KeyAnnouncement}). Kept apart
 * from the identity key because X25519 and Ed25519 keys should not share a secret. On disk as
 * PKCS#8 PEM (RFC 8410, OID 1.3.101.110) beside the identity key, owner-only (0600); a key file
 * open to other users is refused, as the identity key is.
 */
public final class EncryptionKey {

  private final byte[] privateKey;
  private final byte[] publicKey;

  private EncryptionKey(byte[] privateKey) {
    X25519PrivateKeyParameters p = new X25519PrivateKeyParameters(privateKey, 0);
    this.privateKey = p.getEncoded();
    this.publicKey = p.generatePublicKey().getEncoded();
  }

  public static EncryptionKey generate() {
    return new EncryptionKey(new X25519PrivateKeyParameters(new SecureRandom()).getEncoded());
  }

  public static EncryptionKey fromPrivate(byte[] privateKey) {
    if (privateKey.length != Hpke.KEY_BYTES) {
      throw new IllegalArgumentException("an X25519 private key is 32 bytes");
    }
    return new EncryptionKey(privateKey);
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Decrypts an envelope's ciphertext. */
  byte[] open(byte[] enc, byte[] aad, byte[] ciphertext) {
    return Hpke.open(privateKey, publicKey, enc, aad, ciphertext);
  }

  /**
   * Loads the key in {@code file}, creating it (owner-only, written atomically) on first use.
   *
   * @throws IllegalStateException if the file is open to other users or damaged, naming the file
   * @throws UncheckedIOException if it cannot be read or written
   */
  public static EncryptionKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      EncryptionKey key = generate();
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "message.key", ".tmp");
      if (posix()) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, key.pem(), StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the message key " + file + ": " + e, e);
    }
  }

  private static EncryptionKey load(Path file) throws IOException {
    if (posix()
        && Files.getPosixFilePermissions(file).stream().anyMatch(EncryptionKey::groupOrOthers)) {
      throw new IllegalStateException(file + " can be read by other users; run: chmod 600 " + file);
    }
    try {
      return new EncryptionKey(
          PrivateKeyPem.decode(
              PrivateKeyPem.Kind.X25519, Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  String pem() {
    return PrivateKeyPem.encode(PrivateKeyPem.Kind.X25519, privateKey);
  }

  private static boolean groupOrOthers(PosixFilePermission p) {
    return p.name().startsWith("GROUP") || p.name().startsWith("OTHERS");
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
