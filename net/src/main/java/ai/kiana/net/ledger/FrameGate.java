package ai.kiana.net.ledger;

import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.sync.SyncSession;
import java.util.function.BiPredicate;

/**
 * Sees each frame of one connection before its {@link SyncSession}: hands ledger frames to the
 * {@link LedgerLink}, drops ledger frames the peer may not send, and while this node may not sync
 * knowledge with the peer (halted, or the peer's role lacks the permission) answers knowledge
 * frames as a peer with nothing to share would, so that the other side's exchanges end cleanly and
 * start again once sync is allowed. Nothing is stored or served meanwhile.
 */
public final class FrameGate implements SyncSession.FrameHook {

  private static final byte[] EMPTY = new byte[0];

  private final Connection conn;
  private final LedgerLink link; // null: this node does not sync the ledger
  private final BiPredicate<ai.kiana.core.identity.DeviceId, PeerPermission> allowed;

  public FrameGate(
      Connection conn,
      LedgerLink link,
      BiPredicate<ai.kiana.core.identity.DeviceId, PeerPermission> allowed) {
    this.conn = conn;
    this.link = link;
    this.allowed = allowed;
  }

  @Override
  public Frame intercept(Frame f) {
    PeerPermission needs = PeerPermission.of(f.type());
    return switch (needs) {
      case LINK -> f;
      case PAIR, LEDGER -> {
        if (link == null) {
          throw new ProtocolException(f.type() + ": this node does not sync the ledger");
        }
        if (needs == PeerPermission.PAIR || allowed.test(conn.peer(), needs)) {
          link.handle(conn, f);
        }
        yield null;
      }
      case KNOWLEDGE_SYNC -> allowed.test(conn.peer(), needs) ? f : nothingToShare(f);
      case MESSAGES -> allowed.test(conn.peer(), needs) ? f : null;
    };
  }

  private Frame nothingToShare(Frame f) {
    return switch (f.type()) {
      case RECONCILE_START -> {
        conn.send(Frame.of(MessageType.RECONCILE_DONE, EMPTY));
        yield null;
      }
      case RECONCILE -> {
        // Ends an exchange this side started before sync stopped, on both sides.
        conn.send(Frame.of(MessageType.RECONCILE_DONE, EMPTY));
        yield Frame.of(MessageType.RECONCILE_DONE, EMPTY);
      }
      case WANT -> {
        conn.send(Frame.of(MessageType.BLOCKS, EMPTY));
        yield null;
      }
      // Answers to WANTs sent before sync stopped: counted as answered, their blocks not stored.
      case BLOCKS -> Frame.of(MessageType.BLOCKS, EMPTY);
      case RECONCILE_DONE -> f;
      default -> null;
    };
  }
}
