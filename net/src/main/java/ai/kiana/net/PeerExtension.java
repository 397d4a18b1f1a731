package ai.kiana.net;

import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;

/**
 * A feature that runs its own messages over the peer connections of a {@link PeerNetwork} (e.g.
 * end-to-end messages). Called on the connections' threads; implementations are thread-safe.
 */
public interface PeerExtension {

  /** A connection to a trusted peer is up; frames may be sent on it from now on. */
  void connected(Connection connection);

  /** The connection ended (a newer one to the same peer may already be up). */
  void disconnected(Connection connection);

  /**
   * A frame of a type block sync does not handle arrived on {@code connection}.
   *
   * @throws ai.kiana.net.protocol.ProtocolException or IllegalArgumentException for an offence,
   *     counted against the connection
   */
  void received(Connection connection, Frame frame);
}
