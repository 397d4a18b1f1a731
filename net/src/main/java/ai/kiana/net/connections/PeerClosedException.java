package ai.kiana.net.connections;

import java.io.EOFException;

/** The peer sent a WebSocket close frame: the stream has ended, with its status code and reason. */
public final class PeerClosedException extends EOFException {

  private final int code;
  private final String reason;

  public PeerClosedException(int code, String reason) {
    super("peer closed the connection (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
    this.code = code;
    this.reason = reason;
  }

  /** The status code of the close frame; 1005 when it carried none. */
  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
