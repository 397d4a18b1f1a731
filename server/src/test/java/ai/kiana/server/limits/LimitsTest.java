package ai.kiana.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.Security;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token buckets per account on the expensive routes, and the address allow/deny lists. */
class LimitsTest {

  @Test
  void configuredDeviceListsTakeHexOrGroupedIdsAndNameTheKeyOfABadOne(@TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("kiana.properties"), "access.deny-devices = " + "AB".repeat(32) + ",\n");

    AccessConfig c = AccessConfig.load(dir, java.util.Map.of());
    assertThat(c.denyDevices()).containsExactly("ab".repeat(32));
    assertThat(c.allowDevices()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AccessConfig.load(dir, java.util.Map.of("KIANA_ALLOW_DEVICES", "laptop")))
        .isInstanceOf(ai.kiana.server.node.ConfigException.class)
        .hasMessageContaining("access.allow-devices");
  }

  @Test
  void importsArePerAccountTokenBuckets(@TempDir Path dir) {
    try (TestNode server = TestNode.start(dir)) {
      TestNode anna = server.as(Role.USER);
      int allowed = Security.DEFAULT_PER_MINUTE.get(Permission.IMPORT);
      // The bucket refills greedily (2 a second) while the loop runs: it empties a little later.
      int accepted = 0;
      TestNode.Reply limited = null;
      for (int i = 0; i < allowed * 2 && limited == null; i++) {
        TestNode.Reply r = anna.post("/api/v1/blocks/import", "application/x-ndjson", "");
        if (r.status() == 200) {
          accepted++;
        } else {
          limited = r;
        }
      }

      assertThat(accepted).isGreaterThanOrEqualTo(allowed);
      assertThat(limited).isNotNull();

      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.json().get("error").asText()).isEqualTo("rate_limited");
      assertThat(limited.header("Retry-After")).isPresent();
      assertThat(
              server
                  .as(Role.ADMIN)
                  .post("/api/v1/blocks/import", "application/x-ndjson", "")
                  .status())
          .as("another account has its own bucket")
          .isEqualTo(200);
    }
  }

  @Test
  void denyWinsOverAllowAndPrefixesMatch() {
    AddressFilter f = AddressFilter.parse("127.0.0.*, 192.168.1.*", "192.168.1.66");

    assertThat(f.permits("127.0.0.1")).isTrue();
    assertThat(f.permits("192.168.1.5")).isTrue();
    assertThat(f.permits("192.168.1.66")).isFalse();
    assertThat(f.permits("10.0.0.1")).isFalse();
    assertThat(AddressFilter.parse("", "10.*").permits("8.8.8.8")).isTrue();
    assertThat(AddressFilter.parse(null, "10.*").permits("10.1.2.3")).isFalse();
  }

  @Test
  void aDeniedAddressIsRefusedBeforeAnythingElse(@TempDir Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.writeString(
        dir.resolve("kiana.properties"), "access.deny-addresses=127.0.0.*\n");
    try (TestNode server = TestNode.start(dir)) {
      TestNode.Reply r = server.get("/api/v1/node");

      assertThat(r.status()).isEqualTo(403);
      assertThat(r.json().get("error").asText()).isEqualTo("address_denied");
      assertThat(server.node.security().audit().entries(0, 100))
          .anyMatch(e -> e.action().equals("address-denied"));
    }
  }
}
