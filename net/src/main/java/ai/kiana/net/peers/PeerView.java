package ai.kiana.net.peers;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;

/**
 * One peer as {@code GET /api/v1/peers} and {@code kiana peers} show it.
 *
 * @param state {@code connected}, {@code connecting} or {@code disconnected}
 * @param connection {@code tls-outbound} or {@code tls-inbound} while connected, else null
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
    Instant nextAttempt) {}
