package ai.kiana.net.peers;

/** A {@code host:port} where a peer accepts connections. */
public record PeerAddress(String host, int port) {

  /**
   * @throws IllegalArgumentException if the text is not {@code host:port} with a port 1–65535
   */
  public static PeerAddress parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("a peer address is host:port, not '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a peer address is host:port, not '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " of '" + text + "' is not 1-65535");
    }
    return new PeerAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
