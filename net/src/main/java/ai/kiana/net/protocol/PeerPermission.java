package ai.kiana.net.protocol;

/**
 * What a peer device must be allowed to do for this node to act on a message it sent. Every {@link
 * MessageType} declares one ({@link #of}); the node maps them onto its access permissions and the
 * peer's ledger role (server: {@code access.PeerPermissions}), and while it is halted keeps only
 * those that the kill switch allows: the ledger goes on, knowledge sync stops.
 */
public enum PeerPermission {
  /** Keeping the authenticated link up: hello, ping, bye. Any admitted device. */
  LINK,
  /** Joining this node's ledger after a pairing: authorised by the pairing secret. */
  PAIR,
  /** Knowledge sync: reconciliation and block transfer. */
  KNOWLEDGE_SYNC,
  /**
   * Reading and relaying the device ledger: heads, blocks and signed transactions. Whether a
   * relayed transaction takes effect is decided by its own signature and its issuer's role, not the
   * relay's.
   */
  LEDGER,
  /**
   * End-to-end messages: key announcements, offers, envelopes and receipts. Relays cannot read or
   * alter what they carry (each envelope is encrypted to its recipient and signed by its sender).
   */
  MESSAGES;

  /**
   * The permission {@code type} needs. A switch without default, so a new message type does not
   * compile until it declares one.
   */
  public static PeerPermission of(MessageType type) {
    return switch (type) {
      case HELLO, PING, PONG, BYE -> LINK;
      case RECONCILE_START, RECONCILE, RECONCILE_DONE, HAVE, WANT, BLOCKS -> KNOWLEDGE_SYNC;
      case LEDGER_STATUS,
          LEDGER_GET_BLOCKS,
          LEDGER_BLOCKS,
          LEDGER_NEW_BLOCK,
          LEDGER_TX,
          LEDGER_GENESIS ->
          LEDGER;
      case LEDGER_JOIN -> PAIR;
      case MSG_KEYS, MSG_OFFER, MSG_WANT, MSG_ENVELOPE, MSG_RECEIPTS -> MESSAGES;
    };
  }
}
