package ai.kiana.server.killswitch;

import ai.kiana.core.identity.DeviceId;

/**
 * What the device transport (sync) must act on at once: a revoked device's connections are dropped
 * and its messages refused; a halted node stops knowledge sync until it resumes. Called on the
 * thread that made the change; implementations must be quick and must not throw.
 */
public interface SafetyListener {

  /** {@code device} was revoked (here or by a ledger transaction from another node). */
  default void deviceRevoked(DeviceId device, String reason) {}

  /** This node halted: no answers, no learning, no knowledge sync. */
  default void halted(HaltState state) {}

  /** This node resumed after a signed resume by the creator. */
  default void resumed() {}
}
