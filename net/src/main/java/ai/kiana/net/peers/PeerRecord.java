package ai.kiana.net.peers;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;

/**
 * A device this node knows and trusts: its ID, a name for people, where it was last reachable
 * ({@code host:port}, or null if it only ever dials us) and how it became known.
 */
public record PeerRecord(
    DeviceId device, String name, String address, String origin, Instant added) {

  public PeerRecord {
    if (device == null) {
      throw new IllegalArgumentException("a peer needs a device ID");
    }
    name = name == null ? "" : name;
    if (address != null) {
      PeerAddress.parse(address);
    }
  }

  public PeerRecord withAddress(String newAddress) {
    return new PeerRecord(device, name, newAddress, origin, added);
  }
}
