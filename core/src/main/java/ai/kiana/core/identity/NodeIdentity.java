package ai.kiana.core.identity;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Signer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A node's Ed25519 key pair and its device ID: the hash of its key, or, after the device rotated
 * its key (a {@code key-rotated} ledger transaction), the hash of its first key, which stays its
 * identity. Thread-safe.
 */
public final class NodeIdentity {

  private final byte[] seed;
  private final byte[] publicKey;
  private final DeviceId deviceId;
  private final Signer signer;

  private NodeIdentity(Ed25519 ed25519, byte[] seed, DeviceId deviceId) {
    if (seed.length != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 private key seed is 32 bytes");
    }
    this.seed = seed.clone();
    this.signer = ed25519.signer(this.seed);
    this.publicKey = signer.publicKey();
    this.deviceId = deviceId != null ? deviceId : DeviceId.ofPublicKey(publicKey);
  }

  /** A fresh identity from the platform's strong random source. */
  public static NodeIdentity generate(Ed25519 ed25519) {
    byte[] seed = new byte[Ed25519.SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    try {
      return new NodeIdentity(ed25519, seed, null);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  public static NodeIdentity fromSeed(Ed25519 ed25519, byte[] seed) {
    return new NodeIdentity(ed25519, seed, null);
  }

  /**
   * The identity of device {@code deviceId} after it rotated to the key of {@code seed}: it signs
   * with the new key but remains the same device.
   */
  public static NodeIdentity rotated(Ed25519 ed25519, byte[] seed, DeviceId deviceId) {
    return new NodeIdentity(ed25519, seed, deviceId);
  }

  /** Whether the key is not the one the device ID is the hash of (the key was rotated). */
  public boolean rotated() {
    return !deviceId.matches(publicKey);
  }

  public DeviceId deviceId() {
    return deviceId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] sign(byte[] message) {
    return signer.sign(message);
  }

  /** The private seed, for writing the key file only. */
  public byte[] exportSeed() {
    return seed.clone();
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + deviceId.shortForm() + "]";
  }
}
