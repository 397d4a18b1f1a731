package ai.kiana.net.discover;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;

/** A node heard of on the LAN that is not (yet) a peer: a candidate for pairing. */
public record Nearby(DeviceId device, String address, Instant seen) {}
