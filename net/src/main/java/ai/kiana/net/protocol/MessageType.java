package ai.kiana.net.protocol;

/** The first byte of every frame (docs/PROTOCOL.md, "Sync protocol"). */
public enum MessageType {
  HELLO(0x01),
  PING(0x02),
  PONG(0x03),
  BYE(0x04),
  RECONCILE_START(0x10),
  RECONCILE(0x11),
  RECONCILE_DONE(0x12),
  HAVE(0x20),
  WANT(0x21),
  BLOCKS(0x22),
  // The device ledger on the same connection (docs/PROTOCOL.md, "Ledger sync";
  // ai.kiana.net.ledger).
  LEDGER_STATUS(0x50),
  LEDGER_GET_BLOCKS(0x51),
  LEDGER_BLOCKS(0x52),
  LEDGER_NEW_BLOCK(0x53),
  LEDGER_TX(0x54),
  LEDGER_JOIN(0x55),
  LEDGER_GENESIS(0x56),
  // End-to-end messages (ai.kiana.net.messages).
  MSG_KEYS(0x60),
  MSG_OFFER(0x61),
  MSG_WANT(0x62),
  MSG_ENVELOPE(0x63),
  MSG_RECEIPTS(0x64);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * @throws ProtocolException for a code no version of this protocol defines
   */
  public static MessageType of(int code) {
    for (MessageType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new ProtocolException("unknown message type 0x" + Integer.toHexString(code));
  }
}
