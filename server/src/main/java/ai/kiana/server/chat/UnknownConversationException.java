package ai.kiana.server.chat;

/** A request names a conversation this node does not have (or whose turns were all deleted). */
public final class UnknownConversationException extends RuntimeException {

  public UnknownConversationException(String conversation) {
    super("no conversation " + conversation, null, false, false);
  }
}
