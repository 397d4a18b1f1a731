package ai.kiana.net.peers;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;

/**
 * One peer as {@code GET /api/v1/peers} and {@code kiana peers} show it.
 *
 * @param state {@code connected}, {@code connecting} or {@code disconnected}
 * @param connection how the live connection runs while connected, else null: {@value #WSS_OUTBOUND}
 *     (this node dialled) or {@value #WSS_INBOUND} (the peer dialled), both WebSocket over mutual
 *     TLS
 * @param rttMillis the latest ping's round trip, or -1
 * @param nextAttempt when this node dials again (null: connected, or no address to dial)
 */
public record PeerView(
    DeviceId device,
    String name,
    String address,
    String origin,
    String state,
    String connection,
    double rttMillis,
    Instant lastSync,
    long blocksIn,
    long blocksOut,
    long declined,
    long offences,
    String lastError,
    Instant nextAttempt) {

  /** This node dialled the peer: a WebSocket over mutual TLS, opened by this side. */
  public static final String WSS_OUTBOUND = "wss-outbound";

  /** The peer dialled this node: a WebSocket over mutual TLS, accepted by this side. */
  public static final String WSS_INBOUND = "wss-inbound";
}
