package ai.kiana.net.protocol;

/** A peer broke the sync protocol: a malformed, oversized or unexpected message. */
public class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }
}
