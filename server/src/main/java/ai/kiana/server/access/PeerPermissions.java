package ai.kiana.server.access;

import ai.kiana.core.ledger.Role;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.PeerPermission;

/**
 * The permission each sync and ledger message type needs of the peer device that sends it, in terms
 * of {@link Permission} and {@link PermissionMatrix}: a peer's ledger role must hold it, and while
 * this node is halted only permissions the kill switch allows stay in force. So a halted node goes
 * on exchanging the ledger ({@link Permission#READ_LEDGER}, allowed while halted), over which the
 * resume arrives, but syncs no knowledge ({@link Permission#SYNC}, refused while halted).
 */
public final class PeerPermissions {

  private PeerPermissions() {}

  /** The access permission behind a peer permission; a switch without default, so complete. */
  public static Permission of(PeerPermission p) {
    return switch (p) {
      case LINK -> Permission.SIGNED_IN;
      case PAIR -> Permission.PUBLIC; // the pairing secret authorises it
      case KNOWLEDGE_SYNC -> Permission.SYNC;
      case LEDGER -> Permission.READ_LEDGER;
      case MESSAGES -> Permission.MESSAGES;
    };
  }

  /** The permission a message type needs of its sender. */
  public static Permission of(MessageType type) {
    return of(PeerPermission.of(type));
  }

  /**
   * Whether a device with {@code role} syncs only the blocks it wrote: it may write knowledge but
   * not read it (a sensor). Its connections carry nothing else (PeerNetwork#ownBlocksOnly), so it
   * may sync knowledge without the right to read it, and it keeps the device ledger, which tells it
   * its role, revocations and the halt; the node still admits only blocks in its scopes.
   */
  public static boolean ownBlocksOnly(Role role) {
    return PermissionMatrix.allows(role, Permission.WRITE_KNOWLEDGE)
        && !PermissionMatrix.allows(role, Permission.READ_KNOWLEDGE);
  }

  /** Whether a peer with ledger role {@code role} may use {@code p} now. */
  public static boolean allows(Role role, boolean halted, PeerPermission p) {
    Permission needed = of(p);
    if (halted && needed.duringHalt() != Permission.Halt.ALLOWED) {
      return false;
    }
    if (ownBlocksOnly(role) && (p == PeerPermission.KNOWLEDGE_SYNC || p == PeerPermission.LEDGER)) {
      return true;
    }
    return PermissionMatrix.allows(role, needed);
  }
}
