package ai.kiana.net.protocol;

/** One message on the wire: a type and its payload (the frame body after the type byte). */
public record Frame(MessageType type, byte[] payload) {

  public static Frame of(MessageType type, byte[] payload) {
    return new Frame(type, payload);
  }

  public int size() {
    return 1 + payload.length;
  }
}
