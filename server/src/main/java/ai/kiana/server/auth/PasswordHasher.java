package ai.kiana.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * argon2id for passwords and the kill phrase. The hash is a PHC string ({@code
 * $argon2id$v=19$m=…,t=…,p=…$salt$hash}) that carries its own parameters and random salt, so hashes
 * made with older parameters keep verifying after {@link #DEFAULT} is retuned.
 *
 * @param memoryKib memory cost in KiB
 * @param iterations time cost
 * @param parallelism lanes
 */
public record PasswordHasher(int memoryKib, int iterations, int parallelism) {

  /**
   * Tuned with {@code bench/run auth} to about 100–300 ms of CPU per login on the 2-core build
   * machine (~256 ms measured; 64 MiB took ~550 ms): slow for a guesser, bearable at a login. 32
   * MiB of memory per guess is what makes GPUs and ASICs expensive.
   */
  public static final PasswordHasher DEFAULT = new PasswordHasher(32 * 1024, 3, 1);

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  /** Longest password accepted; argon2 copes with any length, the limit keeps requests small. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  /** Shortest password (and kill phrase) accepted when one is set. */
  public static final int MIN_PASSWORD_CHARS = 8;

  public PasswordHasher {
    if (memoryKib < 8 || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("argon2id parameters too small");
    }
  }

  public String hash(CharSequence password) {
    return Password.hash(password)
        .addRandomSalt(SALT_BYTES)
        .with(Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID))
        .getResult();
  }

  /** Whether {@code password} matches {@code phc}; false for a malformed hash. */
  public static boolean matches(CharSequence password, String phc) {
    if (phc == null || !phc.startsWith("$argon2id$")) {
      return false;
    }
    try {
      return Password.check(password, phc).with(Argon2Function.getInstanceFromHash(phc));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Checks a new password's length.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkStrength(String what, CharSequence password) {
    if (password == null || password.length() < MIN_PASSWORD_CHARS) {
      throw new IllegalArgumentException(
          what + " must be at least " + MIN_PASSWORD_CHARS + " characters");
    }
    if (password.length() > MAX_PASSWORD_CHARS) {
      throw new IllegalArgumentException(
          what + " must be at most " + MAX_PASSWORD_CHARS + " characters");
    }
  }

  @Override
  public String toString() {
    return "argon2id m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism;
  }
}
