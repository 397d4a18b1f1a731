package ai.kiana.server.limits;

import java.util.List;

/**
 * The allow and deny lists for addresses (config keys {@code access.allow-addresses} and {@code
 * access.deny-addresses}): comma-separated addresses or prefixes ending in '*', e.g. {@code
 * 192.168.1.*}. Deny wins; an empty allow list allows every address not denied.
 */
public record AddressFilter(List<String> allow, List<String> deny) {

  public static final AddressFilter OPEN = new AddressFilter(List.of(), List.of());

  public AddressFilter {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /**
   * The lists from {@code kiana.properties} in the data directory, overridden by env {@code
   * KIANA_ALLOW_ADDRESSES} / {@code KIANA_DENY_ADDRESSES}.
   */
  public static AddressFilter load(java.nio.file.Path dataDir, java.util.Map<String, String> env) {
    java.util.Properties p = properties(dataDir);
    String allow =
        env.getOrDefault("KIANA_ALLOW_ADDRESSES", p.getProperty("access.allow-addresses"));
    String deny = env.getOrDefault("KIANA_DENY_ADDRESSES", p.getProperty("access.deny-addresses"));
    return parse(allow, deny);
  }

  /** {@code kiana.properties} of the data directory (empty when there is none). */
  static java.util.Properties properties(java.nio.file.Path dataDir) {
    java.util.Properties p = new java.util.Properties();
    java.nio.file.Path file = dataDir.resolve("kiana.properties");
    if (java.nio.file.Files.isRegularFile(file)) {
      try (java.io.Reader r =
          java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new ai.kiana.server.node.ConfigException(
            "kiana.properties", "cannot read " + file + ": " + e.getMessage());
      }
    }
    return p;
  }

  /** This filter with more entries (from the API) added to its lists. */
  public AddressFilter plus(List<String> moreAllow, List<String> moreDeny) {
    return new AddressFilter(
        java.util.stream.Stream.concat(allow.stream(), moreAllow.stream()).toList(),
        java.util.stream.Stream.concat(deny.stream(), moreDeny.stream()).toList());
  }

  /** Whether {@code entry} is an address or a prefix ending in '*' (e.g. 192.168.1.*). */
  public static boolean validEntry(String entry) {
    return entry != null && entry.matches("[0-9A-Fa-f.:]{1,45}\\*?|\\*");
  }

  public static AddressFilter parse(String allow, String deny) {
    return new AddressFilter(split(allow), split(deny));
  }

  public boolean permits(String address) {
    if (matchesAny(deny, address)) {
      return false;
    }
    return allow.isEmpty() || matchesAny(allow, address);
  }

  private static boolean matchesAny(List<String> patterns, String address) {
    for (String p : patterns) {
      if (p.endsWith("*")
          ? address.startsWith(p.substring(0, p.length() - 1))
          : p.equals(address)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> split(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
