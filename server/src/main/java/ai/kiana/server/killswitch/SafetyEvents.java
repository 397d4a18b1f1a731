package ai.kiana.server.killswitch;

import ai.kiana.core.identity.DeviceId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of {@link SafetyListener} events; one per node. */
public final class SafetyEvents {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyEvents.class);

  private final List<SafetyListener> listeners = new CopyOnWriteArrayList<>();

  public void add(SafetyListener listener) {
    listeners.add(listener);
  }

  void halted(HaltState state) {
    LOG.warn("node halted by {}: {}", state.by(), state.reason());
    each(l -> l.halted(state));
  }

  void resumed() {
    LOG.warn("node resumed");
    each(SafetyListener::resumed);
  }

  public void deviceRevoked(DeviceId device, String reason) {
    LOG.warn("device {} revoked: {}", device.display(), reason);
    each(l -> l.deviceRevoked(device, reason));
  }

  private void each(java.util.function.Consumer<SafetyListener> call) {
    for (SafetyListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("safety listener failed: {}", e.toString(), e);
      }
    }
  }
}
