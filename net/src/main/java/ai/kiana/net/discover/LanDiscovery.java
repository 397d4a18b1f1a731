package ai.kiana.net.discover;

import ai.kiana.core.identity.DeviceId;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LAN discovery over mDNS/DNS-SD: announces this node as {@value #SERVICE_TYPE} with its device ID
 * and sync port in the TXT record, and reports every other node it hears of as (device ID, {@code
 * host:port}). Discovery only finds addresses: who may connect is still decided by the TLS pins.
 */
public final class LanDiscovery implements AutoCloseable {

  public static final String SERVICE_TYPE = "_kiana-sync._tcp.local.";
  private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);

  static {
    // A new node must be heard of within a second, not after JmDNS's slow first start.
    FastStartTasks.install();
  }

  private final JmDNS jmdns;
  private final DeviceId self;

  private LanDiscovery(JmDNS jmdns, DeviceId self) {
    this.jmdns = jmdns;
    this.self = self;
  }

  /**
   * Starts announcing and listening on the interface of {@code bind}.
   *
   * @param found called (on a JmDNS thread) with each other node's device ID and address
   * @throws IOException if mDNS cannot be started on that interface
   */
  public static LanDiscovery start(
      InetAddress bind, DeviceId self, int port, BiConsumer<DeviceId, String> found)
      throws IOException {
    JmDNS jmdns = JmDNS.create(bind, "kiana-" + self.hex().substring(0, 12));
    LanDiscovery d = new LanDiscovery(jmdns, self);
    jmdns.addServiceListener(
        SERVICE_TYPE,
        new ServiceListener() {
          @Override
          public void serviceAdded(ServiceEvent event) {
            jmdns.requestServiceInfo(event.getType(), event.getName(), 500);
          }

          @Override
          public void serviceRemoved(ServiceEvent event) {}

          @Override
          public void serviceResolved(ServiceEvent event) {
            d.resolved(event.getInfo(), found);
          }
        });
    ServiceInfo info =
        ServiceInfo.create(
            SERVICE_TYPE,
            "kiana-" + self.hex().substring(0, 16),
            port,
            0,
            0,
            Map.of("device", self.hex(), "v", "1"));
    jmdns.registerService(info);
    return d;
  }

  private void resolved(ServiceInfo info, BiConsumer<DeviceId, String> found) {
    String hex = info.getPropertyString("device");
    if (hex == null || info.getPort() <= 0) {
      return;
    }
    DeviceId device;
    try {
      device = DeviceId.parse(hex);
    } catch (IllegalArgumentException e) {
      LOG.debug("event=mdns-ignored name={} reason=\"bad device id\"", info.getName());
      return;
    }
    if (device.equals(self)) {
      return;
    }
    for (Inet4Address a : info.getInet4Addresses()) {
      found.accept(device, a.getHostAddress() + ":" + info.getPort());
    }
  }

  @Override
  public void close() {
    jmdns.unregisterAllServices();
    try {
      jmdns.close();
    } catch (IOException e) {
      // Closing only releases sockets; nothing to recover.
    }
  }
}
