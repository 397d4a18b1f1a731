package ai.kiana.core.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses an {@link Ed25519} implementation: libsodium where its native library loads, else
 * BouncyCastle, else the JDK. All three produce identical signatures and accept exactly the same
 * signatures (see {@link Ed25519} for the shared verification rules), so the choice affects speed
 * only.
 *
 * <p>An engine counts as available only if it loads and reproduces an RFC 8032 test vector, so a
 * broken native build is skipped rather than trusted. A failed engine costs one log line and never
 * an exception (the JDK engine is always there).
 */
public final class Ed25519Engines {

  public static final String LIBSODIUM = "libsodium";
  public static final String BOUNCYCASTLE = "bouncycastle";
  public static final String JDK = "jdk";

  private static final Logger LOG = LoggerFactory.getLogger(Ed25519Engines.class);

  // RFC 8032 section 7.1, TEST 2: a known answer every engine must reproduce before it is used.
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] KAT_SEED =
      HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  private static final byte[] KAT_PUBLIC_KEY =
      HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  private static final byte[] KAT_MESSAGE = {0x72};
  private static final byte[] KAT_SIGNATURE =
      HEX.parseHex(
          "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
              + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

  private Ed25519Engines() {}

  /**
   * The fastest engine that works here, chosen once per JVM. Never fails: the JDK engine is the
   * last resort.
   */
  public static Ed25519 fastest() {
    return Fastest.ENGINE;
  }

  /**
   * Every engine that loads and passes the known-answer test, fastest first. Each call tries them
   * afresh; meant for tests and benchmarks, not hot paths.
   */
  public static List<Ed25519> available() {
    List<Ed25519> engines = new ArrayList<>(3);
    for (String name : List.of(LIBSODIUM, BOUNCYCASTLE, JDK)) {
      Ed25519 engine = tryLoad(name);
      if (engine != null) {
        engines.add(engine);
      }
    }
    return List.copyOf(engines);
  }

  /**
   * The engine called {@code name} ({@value #LIBSODIUM}, {@value #BOUNCYCASTLE} or {@value #JDK}).
   *
   * @throws IllegalArgumentException if no engine has that name or it does not work here; the
   *     message says why
   */
  public static Ed25519 named(String name) {
    Supplier<Ed25519> factory = factory(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown Ed25519 engine '"
              + name
              + "'; choose one of "
              + LIBSODIUM
              + ", "
              + BOUNCYCASTLE
              + ", "
              + JDK);
    }
    try {
      return checked(factory.get());
    } catch (LinkageError | RuntimeException e) {
      throw new IllegalArgumentException(
          "Ed25519 engine '" + name + "' does not work here: " + describe(e), e);
    }
  }

  private static Ed25519 tryLoad(String name) {
    try {
      return checked(factory(name).get());
    } catch (LinkageError | RuntimeException e) {
      // Expected on platforms without a bundled libsodium: say so once and fall back.
      LOG.info("Ed25519 engine {} unavailable ({}); falling back", name, describe(e));
      return null;
    }
  }

  private static Supplier<Ed25519> factory(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case LIBSODIUM -> SodiumEd25519::new;
      case BOUNCYCASTLE -> BouncyCastleEd25519::new;
      case JDK -> JdkEd25519::new;
      default -> null;
    };
  }

  private static Ed25519 checked(Ed25519 engine) {
    boolean correct =
        Arrays.equals(engine.publicKey(KAT_SEED), KAT_PUBLIC_KEY)
            && Arrays.equals(engine.signer(KAT_SEED).sign(KAT_MESSAGE), KAT_SIGNATURE)
            && engine.verify(KAT_PUBLIC_KEY, KAT_MESSAGE, KAT_SIGNATURE);
    if (!correct) {
      throw new IllegalStateException("failed the RFC 8032 known-answer test");
    }
    return engine;
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static final class Fastest {
    static final Ed25519 ENGINE = choose();

    private static Ed25519 choose() {
      for (String name : List.of(LIBSODIUM, BOUNCYCASTLE)) {
        Ed25519 engine = tryLoad(name);
        if (engine != null) {
          LOG.debug("Ed25519 engine: {}", name);
          return engine;
        }
      }
      return checked(new JdkEd25519());
    }
  }
}
