package ai.kiana.net.discover;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.testkit.TestBlocks;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Tag("slow")
class LanDiscoveryTest {

  @Test
  void twoNodesOnOneInterfaceFindEachOther() throws Exception {
    DeviceId a = TestBlocks.identity(1).deviceId();
    DeviceId b = TestBlocks.identity(2).deviceId();
    Map<DeviceId, String> seenByA = new ConcurrentHashMap<>();
    InetAddress lo = InetAddress.getLoopbackAddress();
    long t0 = System.nanoTime();
    try (LanDiscovery da = LanDiscovery.start(lo, a, 1111, seenByA::put);
        LanDiscovery db = LanDiscovery.start(lo, b, 2222, (d, addr) -> {})) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!seenByA.containsKey(b) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      System.out.println("discovered in ms: " + (System.nanoTime() - t0) / 1e6);
      assertThat(seenByA).containsEntry(b, "127.0.0.1:2222");
    }
  }
}
