package ai.kiana.net;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.protocol.PeerPermission;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Who may connect and what a connected device may do: trusted devices, revocations, the address
 * policy, which device holds a certificate's key, and the per-peer permissions the node maps onto
 * roles and the kill switch. Every rule the node can change at run time is read afresh each time.
 */
final class PeerAccess {

  private final DeviceId self;
  private final PeerBook book;
  private final Predicate<DeviceId> revoked;
  private final Predicate<DeviceId> knownDevices;
  private volatile LedgerLink ledger;
  private volatile BiPredicate<DeviceId, PeerPermission> allowed = (d, p) -> true;
  private volatile Predicate<String> addressAllowed = a -> true;
  private volatile Function<byte[], DeviceId> keyOwners = DeviceId::ofPublicKey;
  private volatile Predicate<DeviceId> ownBlocksOnly = d -> false;

  PeerAccess(
      DeviceId self, PeerBook book, Predicate<DeviceId> revoked, Predicate<DeviceId> knownDevices) {
    this.self = self;
    this.book = book;
    this.revoked = revoked;
    this.knownDevices = knownDevices;
  }

  /** This device, a peer, or a device the ledger knows, and not revoked. */
  boolean trusted(DeviceId device) {
    return !revoked.test(device) && known(device);
  }

  private boolean known(DeviceId device) {
    return device.equals(self) || book.contains(device) || knownDevices.test(device);
  }

  boolean revoked(DeviceId device) {
    return revoked.test(device);
  }

  /**
   * A block's author is known (this device, a peer, or a ledger member) and was not revoked when it
   * made the block: blocks signed before a revocation stay valid.
   */
  boolean mayAuthor(KnowledgeBlock block) {
    DeviceId d = block.author();
    if (revoked.test(d)) {
      LedgerLink l = ledger;
      return l != null && l.madeBeforeRevocation(block);
    }
    return known(d);
  }

  void attach(LedgerLink ledger, BiPredicate<DeviceId, PeerPermission> allowed) {
    this.allowed = allowed;
    this.ledger = ledger;
  }

  /** The attached ledger link, or null. */
  LedgerLink ledger() {
    return ledger;
  }

  BiPredicate<DeviceId, PeerPermission> permissions() {
    return allowed;
  }

  boolean allowed(DeviceId device, PeerPermission permission) {
    return allowed.test(device, permission);
  }

  void ownBlocksOnly(Predicate<DeviceId> devices) {
    this.ownBlocksOnly = devices;
  }

  /** Whether {@code device} syncs only the blocks it wrote (see {@code PeerNetwork}). */
  boolean ownBlocksOnly(DeviceId device) {
    return ownBlocksOnly.test(device);
  }

  void addressPolicy(Predicate<String> allowed) {
    this.addressAllowed = allowed;
  }

  boolean addressAllowed(String host) {
    return addressAllowed.test(host);
  }

  void keyOwners(Function<byte[], DeviceId> owners) {
    this.keyOwners = owners;
  }

  DeviceId keyOwner(byte[] publicKey) {
    return keyOwners.apply(publicKey);
  }

  /** Whether an open connection's device is revoked or its address refused now. */
  boolean refused(Connection c) {
    String address = c.remoteAddress();
    String host = address.substring(0, Math.max(0, address.lastIndexOf(':')));
    return revoked.test(c.peer()) || !addressAllowed.test(host);
  }
}
