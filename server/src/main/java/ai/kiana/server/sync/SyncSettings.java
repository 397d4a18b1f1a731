package ai.kiana.server.sync;

import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.Scope;
import ai.kiana.net.NetConfig;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.server.node.ConfigException;
import ai.kiana.server.node.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code sync.*} settings, from kiana.properties and the environment (the environment wins).
 * Read by {@code kiana start}; other commands never open the sync port.
 */
public record SyncSettings(
    boolean enabled,
    String host,
    int port,
    String name,
    List<NetConfig.StaticPeer> peers,
    FollowPolicy follow,
    boolean discovery) {

  /** Authenticated by mutual TLS, so it may face the LAN, unlike the API. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  static final Map<String, String> ENV =
      Map.of(
          "sync.enabled", "KIANA_SYNC",
          "sync.host", "KIANA_SYNC_HOST",
          "sync.port", "KIANA_SYNC_PORT",
          "sync.name", "KIANA_DEVICE_NAME",
          "sync.peers", "KIANA_SYNC_PEERS",
          "sync.scopes", "KIANA_SYNC_SCOPES",
          "sync.tags", "KIANA_SYNC_TAGS",
          "sync.since", "KIANA_SYNC_SINCE",
          "sync.discovery", "KIANA_SYNC_DISCOVERY");

  public SyncSettings {
    peers = List.copyOf(peers);
  }

  /** The scopes this node follows. */
  public Set<Scope> scopes() {
    return follow.scopes();
  }

  /**
   * @throws ConfigException naming the key whose value is wrong, or an unknown sync.* key
   */
  public static SyncSettings load(Path dataDir, Map<String, String> env) {
    Map<String, String> v = new HashMap<>();
    ConfigLoader.readFileOf(dataDir)
        .forEach(
            (k, value) -> {
              if (k.startsWith("sync.")) {
                if (!ENV.containsKey(k)) {
                  throw new ConfigException(
                      k, "unknown key (known: " + String.join(", ", ENV.keySet()) + ")");
                }
                v.put(k, value.strip());
              }
            });
    ENV.forEach(
        (k, var) -> {
          String value = env.get(var);
          if (value != null && !value.isBlank()) {
            v.put(k, value.strip());
          }
        });
    return of(v);
  }

  static SyncSettings of(Map<String, String> v) {
    String enabled = bool(v, "sync.enabled");
    String discovery = bool(v, "sync.discovery");
    int port;
    try {
      port = Integer.parseInt(v.getOrDefault("sync.port", String.valueOf(NetConfig.DEFAULT_PORT)));
    } catch (NumberFormatException e) {
      throw new ConfigException("sync.port", "'" + v.get("sync.port") + "' is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("sync.port", port + " is not a TCP port (0-65535)");
    }
    List<NetConfig.StaticPeer> peers = new ArrayList<>();
    for (String p : v.getOrDefault("sync.peers", "").split(",")) {
      if (!p.isBlank()) {
        try {
          peers.add(NetConfig.StaticPeer.parse(p.strip()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("sync.peers", e.getMessage());
        }
      }
    }
    FollowPolicy follow =
        follow(
            v.getOrDefault("sync.scopes", ""),
            v.getOrDefault("sync.tags", ""),
            v.getOrDefault("sync.since", ""));
    String name = v.getOrDefault("sync.name", defaultName());
    if (name.length() > 100) {
      throw new ConfigException("sync.name", "longer than 100 characters");
    }
    return new SyncSettings(
        enabled.equals("true"),
        v.getOrDefault("sync.host", DEFAULT_HOST),
        port,
        name,
        peers,
        follow,
        discovery.equals("true"));
  }

  /**
   * Reads what to follow from the comma-separated {@code sync.scopes} (empty: all) and {@code
   * sync.tags} (empty: any) and from {@code sync.since} ({@link FollowPolicy#parseSince}).
   *
   * @throws ConfigException naming the key whose value is wrong
   */
  public static FollowPolicy follow(String scopeList, String tagList, String since) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : scopeList.split(",")) {
      if (!s.isBlank()) {
        try {
          scopes.add(Scope.fromWire(s.strip()));
        } catch (InvalidBlockException e) {
          throw new ConfigException("sync.scopes", e.getMessage());
        }
      }
    }
    Set<String> tags = new TreeSet<>();
    for (String t : tagList.split(",")) {
      if (!t.isBlank()) {
        tags.add(t.strip());
      }
    }
    FollowPolicy.Since from;
    try {
      from = FollowPolicy.parseSince(since);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("sync.since", e.getMessage());
    }
    try {
      return new FollowPolicy(scopes.isEmpty() ? EnumSet.allOf(Scope.class) : scopes, tags, from);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("sync.tags", e.getMessage());
    }
  }

  /**
   * Writes {@code policy} into {@code kiana.properties} (sync.scopes, sync.tags, sync.since), so it
   * holds after a restart; the environment still overrides it. Other lines stay as they are.
   */
  public static void saveFollow(Path dataDir, FollowPolicy policy) {
    Map<String, String> keys = new java.util.LinkedHashMap<>();
    keys.put(
        "sync.scopes",
        policy.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(",")));
    keys.put("sync.tags", String.join(",", new TreeSet<>(policy.tags())));
    keys.put("sync.since", policy.sinceText());
    ConfigLoader.saveKeys(dataDir, keys);
  }

  private static String bool(Map<String, String> v, String key) {
    String value = v.getOrDefault(key, "true");
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException(key, "'" + value + "' is not true or false");
    }
    return value;
  }

  private static String defaultName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "kiana";
    }
  }

  public NetConfig netConfig(Path dataDir) {
    return new NetConfig(
        host,
        port,
        name,
        dataDir.resolve("peers.json"),
        peers,
        follow,
        NetConfig.DEFAULT_ANTI_ENTROPY,
        NetConfig.DEFAULT_PING_EVERY,
        discovery);
  }
}
