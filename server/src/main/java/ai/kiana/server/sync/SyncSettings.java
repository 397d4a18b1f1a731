package ai.kiana.server.sync;

import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.Scope;
import ai.kiana.net.NetConfig;
import ai.kiana.server.node.ConfigException;
import ai.kiana.server.node.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    Set<Scope> scopes,
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
          "sync.discovery", "KIANA_SYNC_DISCOVERY");

  public SyncSettings {
    peers = List.copyOf(peers);
    scopes = Set.copyOf(scopes);
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
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : v.getOrDefault("sync.scopes", "").split(",")) {
      if (!s.isBlank()) {
        try {
          scopes.add(Scope.fromWire(s.strip()));
        } catch (InvalidBlockException e) {
          throw new ConfigException("sync.scopes", e.getMessage());
        }
      }
    }
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
        scopes.isEmpty() ? EnumSet.allOf(Scope.class) : scopes,
        discovery.equals("true"));
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
        scopes,
        NetConfig.DEFAULT_ANTI_ENTROPY,
        NetConfig.DEFAULT_PING_EVERY,
        discovery);
  }
}
