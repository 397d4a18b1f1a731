package ai.kiana.net.connections;

import ai.kiana.net.protocol.ProtocolException;

/**
 * The peer broke RFC 6455 (or our limits on it): the connection must end with a close frame
 * carrying {@link #closeCode}, e.g. 1002 for a protocol error or 1009 for a message too big.
 */
public final class WebSocketException extends ProtocolException {

  public static final int PROTOCOL_ERROR = 1002;
  public static final int UNSUPPORTED_DATA = 1003;
  public static final int POLICY_VIOLATION = 1008;
  public static final int TOO_BIG = 1009;

  private final int closeCode;

  public WebSocketException(int closeCode, String message) {
    super(message);
    this.closeCode = closeCode;
  }

  public int closeCode() {
    return closeCode;
  }
}
