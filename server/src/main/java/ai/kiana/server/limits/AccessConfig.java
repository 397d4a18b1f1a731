package ai.kiana.server.limits;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.server.node.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The allow and deny lists of the config: {@code access.allow-addresses}, {@code
 * access.deny-addresses} (see {@link AddressFilter}) and {@code access.allow-devices}, {@code
 * access.deny-devices} (comma-separated device IDs, hex or grouped), each overridden by its
 * environment variable ({@code KIANA_ALLOW_DEVICES}, …).
 */
public record AccessConfig(
    AddressFilter addresses, List<String> allowDevices, List<String> denyDevices) {

  public static final AccessConfig OPEN =
      new AccessConfig(AddressFilter.OPEN, List.of(), List.of());

  public AccessConfig {
    allowDevices = List.copyOf(allowDevices);
    denyDevices = List.copyOf(denyDevices);
  }

  /**
   * @throws ConfigException naming the key of a malformed device ID
   */
  public static AccessConfig load(Path dataDir, Map<String, String> env) {
    Properties p = AddressFilter.properties(dataDir);
    return new AccessConfig(
        AddressFilter.load(dataDir, env),
        devices(
            "access.allow-devices",
            env.getOrDefault("KIANA_ALLOW_DEVICES", p.getProperty("access.allow-devices"))),
        devices(
            "access.deny-devices",
            env.getOrDefault("KIANA_DENY_DEVICES", p.getProperty("access.deny-devices"))));
  }

  static List<String> devices(String key, String list) {
    List<String> out = new ArrayList<>();
    if (list == null || list.isBlank()) {
      return out;
    }
    for (String s : Arrays.stream(list.split(",")).map(String::strip).toList()) {
      if (s.isEmpty()) {
        continue;
      }
      try {
        out.add(DeviceId.parse(s).hex());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, "'" + s + "' is not a device ID: " + e.getMessage());
      }
    }
    return out;
  }
}
