package ai.kiana.core.clock;

import java.time.Instant;

/** A timestamp from elsewhere lies too far in this node's future to be trusted. */
public final class ClockDriftException extends RuntimeException {

  public ClockDriftException(HlcTimestamp seen, long localMillis) {
    super(
        "timestamp "
            + seen
            + " is ahead of this device's clock ("
            + Instant.ofEpochMilli(localMillis)
            + "); check the clock of the device that made it");
  }
}
