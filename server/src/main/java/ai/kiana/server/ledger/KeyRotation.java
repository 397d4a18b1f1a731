package ai.kiana.server.ledger;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.TxPayload.KeyRotated;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeSetupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rotates this device's key. The device keeps its ID (the hash of its first key); the ledger maps
 * it to the new key. In three crash-safe steps: the new key is written to {@code node.key.next}
 * (0600), a {@code key-rotated} transaction signed by the current key and by the new one is sealed,
 * then the new key replaces {@code node.key} atomically and {@code device.id} records the ID. A
 * rotation interrupted after the seal is finished by running it again or by the next start ({@link
 * #finishPending}); one the ledger never sealed is abandoned.
 *
 * <p>The node must be this data directory's only user (no {@code kiana start} running): a running
 * node would go on signing with the old key.
 */
public final class KeyRotation {

  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private static final HexFormat HEX = HexFormat.of();

  /**
   * @param sealed false if the ledger had not sealed the rotation within the wait: it stays pending
   *     and a later run (or start) finishes it once sealed
   */
  public record Result(DeviceId device, String oldKey, String newKey, boolean sealed) {}

  private KeyRotation() {}

  /**
   * @throws NodeSetupException if the device is not on its ledger, its key file does not hold the
   *     ledger's current key, or the ledger refuses the transaction
   */
  public static Result rotate(Node node, Duration wait, String actor) {
    Path dir = node.config().dataDir();
    NodeIdentity current = node.identity();
    DeviceId device = current.deviceId();
    String currentKey = HEX.formatHex(current.publicKey());
    DeviceRecord record = node.ledger().headState().device(device);
    if (record == null || record.revoked()) {
      throw new NodeSetupException(
          "this device is not an active device of its ledger", "a revoked device cannot rotate");
    }
    if (finishPending(node)) {
      DeviceRecord now = node.ledger().headState().device(device);
      return new Result(device, now.formerKeys().getLast().key(), now.key(), true);
    }
    if (!record.key().equals(currentKey)) {
      throw new NodeSetupException(
          "the ledger holds another key for this device than node.key",
          "restore the key file that belongs to this device from a backup");
    }
    NodeIdentity next = KeyFile.prepareRotation(dir, Ed25519Engines.fastest(), device);
    String newKey = HEX.formatHex(next.publicKey());
    LedgerService.Submission s = node.ledger().submit(KeyRotated.of(current, next));
    if (!s.admission().accepted()) {
      KeyFile.abandonRotation(dir);
      throw new NodeSetupException(
          "the ledger refused the key rotation: " + s.admission().violation().message(),
          "check 'kiana ledger show'");
    }
    try {
      LedgerBlock sealed = s.sealed().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (sealed == null) {
        throw new NodeSetupException("the ledger dropped the key rotation", "rotate again");
      }
    } catch (TimeoutException e) {
      return new Result(device, currentKey, newKey, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(device, currentKey, newKey, false);
    } catch (ExecutionException e) {
      KeyFile.abandonRotation(dir);
      throw new NodeSetupException(
          "the key rotation was not sealed: " + e.getCause().getMessage(), "rotate again");
    }
    KeyFile.completeRotation(dir, device);
    node.security()
        .audit()
        .append(actor, AuditAction.KEY_ROTATED, device.hex(), currentKey + " -> " + newKey);
    return new Result(device, currentKey, newKey, true);
  }

  /**
   * Finishes a rotation whose transaction the ledger holds but whose key file was not switched yet.
   * One not sealed (yet) stays pending.
   *
   * @return true if the key file was switched: the node must be opened again to use the new key
   */
  public static boolean finishPending(Node node) {
    Path dir = node.config().dataDir();
    DeviceId device = node.identity().deviceId();
    Optional<NodeIdentity> pending = KeyFile.pendingRotation(dir, Ed25519Engines.fastest(), device);
    if (pending.isEmpty()) {
      return false;
    }
    DeviceRecord record = node.ledger().headState().device(device);
    String pendingKey = HEX.formatHex(pending.get().publicKey());
    if (record != null && record.key().equals(pendingKey)) {
      KeyFile.completeRotation(dir, device);
      node.security()
          .audit()
          .append("node", AuditAction.KEY_ROTATED, device.hex(), "finished after a restart");
      return true;
    }
    // Not sealed (yet): it stays pending, as another validator may still seal it.
    return false;
  }
}
