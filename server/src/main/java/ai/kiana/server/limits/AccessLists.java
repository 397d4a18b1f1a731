package ai.kiana.server.limits;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.store.sql.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The allow and deny lists for devices and addresses: those of the config ({@link AccessConfig})
 * plus those kept in the database (table {@code access_lists}, changed through the API and {@code
 * kiana access}). Deny wins; a non-empty allow list admits only what it lists (allow-list mode).
 * Addresses are checked for every HTTP request and every sync connection, devices at device login
 * and at every sync connection. A change is audited and tells the listeners at once, so live
 * connections of what is now refused are dropped. Reads are lock-free.
 */
public final class AccessLists {

  /** What an entry names. */
  public enum Kind {
    DEVICE,
    ADDRESS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which list an entry is on. */
  public enum Which {
    ALLOW,
    DENY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One entry; {@code source} is "config" (read-only here) or "api". */
  public record Entry(Kind kind, Which list, String value, String source) {}

  private record Lists(
      AddressFilter addresses, Set<String> allowDevices, Set<String> denyDevices) {}

  private static final String DEVICE_ACCOUNT_PREFIX = "device-";

  private final AccessConfig config;
  private final Database db;
  private final AuditLog audit;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Lists current;
  private volatile long loadedNanos;

  /** How long a change made by another process (the CLI) may take to reach a running node. */
  static final long RELOAD_NANOS = 1_000_000_000L;

  public AccessLists(AccessConfig config, Database db, AuditLog audit, Clock clock) {
    this.config = config;
    this.db = db;
    this.audit = audit;
    this.clock = clock;
    reload();
  }

  /** Whether requests and sync connections from {@code address} are served. */
  public boolean permits(String address) {
    return lists().addresses().permits(address);
  }

  /** Whether {@code device} may log in and hold sync connections. */
  public boolean permitsDevice(DeviceId device) {
    Lists l = lists();
    if (l.denyDevices().contains(device.hex())) {
      return false;
    }
    return l.allowDevices().isEmpty() || l.allowDevices().contains(device.hex());
  }

  /**
   * Whether the account of a device ({@code device-<first 16 hex>}, see {@link
   * ai.kiana.server.auth.DeviceLogin#accountName}) may still use its tokens; other accounts always
   * may. The account name holds only a prefix of the ID, so a refused device is matched by it.
   */
  public boolean permitsAccount(String username) {
    if (username == null || !username.startsWith(DEVICE_ACCOUNT_PREFIX)) {
      return true;
    }
    String prefix = username.substring(DEVICE_ACCOUNT_PREFIX.length());
    Lists l = lists();
    if (l.denyDevices().stream().anyMatch(d -> d.startsWith(prefix))) {
      return false;
    }
    return l.allowDevices().isEmpty()
        || l.allowDevices().stream().anyMatch(d -> d.startsWith(prefix));
  }

  /** Called after every change (e.g. to drop connections that are now refused). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Every entry, the config's first. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    config.addresses().allow().forEach(a -> out.add(configEntry(Kind.ADDRESS, Which.ALLOW, a)));
    config.addresses().deny().forEach(a -> out.add(configEntry(Kind.ADDRESS, Which.DENY, a)));
    config.allowDevices().forEach(d -> out.add(configEntry(Kind.DEVICE, Which.ALLOW, d)));
    config.denyDevices().forEach(d -> out.add(configEntry(Kind.DEVICE, Which.DENY, d)));
    out.addAll(stored());
    return out;
  }

  /**
   * The canonical form of an entry: a device ID as 64 hex, an address as given.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String normalise(Kind kind, String value) {
    if (kind == Kind.DEVICE) {
      return DeviceId.parse(value == null ? "" : value.strip()).hex();
    }
    String v = value == null ? "" : value.strip();
    if (!AddressFilter.validEntry(v)) {
      throw new IllegalArgumentException(
          "not an IP address or a prefix ending in '*' (e.g. 192.168.1.*)");
    }
    return v;
  }

  /**
   * Adds an entry (normalised first).
   *
   * @return false if it was on the list already
   * @throws IllegalArgumentException for a malformed entry
   */
  public boolean add(Kind kind, Which list, String value, String actor) {
    String v = normalise(kind, value);
    boolean added =
        write(
            "INSERT INTO access_lists (kind, list, entry, added_ms) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, list, entry) DO NOTHING",
            kind.wireName(),
            list.wireName(),
            v,
            clock.millis());
    if (added) {
      changed(actor, kind, list, "+" + v);
    }
    return added;
  }

  /**
   * @return false if no such entry was stored (config entries are changed in the config)
   * @throws IllegalArgumentException for a malformed entry
   */
  public boolean remove(Kind kind, Which list, String value, String actor) {
    String v = normalise(kind, value);
    boolean removed =
        write(
            "DELETE FROM access_lists WHERE kind = ? AND list = ? AND entry = ?",
            kind.wireName(),
            list.wireName(),
            v);
    if (removed) {
      changed(actor, kind, list, "-" + v);
    }
    return removed;
  }

  /**
   * Whether {@code address} would still be served if {@code kind}/{@code list} also held {@code
   * value}: the API refuses a change that locks out the caller.
   */
  public boolean wouldPermit(String address, Kind kind, Which list, String value) {
    if (kind != Kind.ADDRESS) {
      return permits(address);
    }
    AddressFilter a = lists().addresses();
    AddressFilter next =
        list == Which.ALLOW ? a.plus(List.of(value), List.of()) : a.plus(List.of(), List.of(value));
    return next.permits(address);
  }

  private void changed(String actor, Kind kind, Which list, String detail) {
    reload();
    audit.append(
        actor, AuditAction.ACCESS_LIST_CHANGED, kind.wireName() + " " + list.wireName(), detail);
    listeners.forEach(Runnable::run);
  }

  /**
   * The lists, re-read at most once a second so that a change made by {@code kiana access} while
   * the node runs takes effect (and drops connections) without a restart.
   */
  private Lists lists() {
    if (System.nanoTime() - loadedNanos > RELOAD_NANOS) {
      Lists before = current;
      boolean changed;
      synchronized (this) {
        if (System.nanoTime() - loadedNanos <= RELOAD_NANOS) {
          return current;
        }
        try {
          reload();
        } catch (StoreException e) {
          // The store is down: keep the lists last read rather than fail every request.
          loadedNanos = System.nanoTime();
          return current;
        }
        changed = !current.equals(before);
      }
      if (changed) {
        listeners.forEach(Runnable::run);
      }
    }
    return current;
  }

  private synchronized void reload() {
    List<String> allowA = new ArrayList<>();
    List<String> denyA = new ArrayList<>();
    List<String> allowD = new ArrayList<>(config.allowDevices());
    List<String> denyD = new ArrayList<>(config.denyDevices());
    for (Entry e : stored()) {
      List<String> target =
          e.kind() == Kind.ADDRESS
              ? (e.list() == Which.ALLOW ? allowA : denyA)
              : (e.list() == Which.ALLOW ? allowD : denyD);
      target.add(e.value());
    }
    current =
        new Lists(config.addresses().plus(allowA, denyA), Set.copyOf(allowD), Set.copyOf(denyD));
    loadedNanos = System.nanoTime();
  }

  private List<Entry> stored() {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT kind, list, entry FROM access_lists ORDER BY kind, list, entry");
                ResultSet rs = ps.executeQuery()) {
              List<Entry> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new Entry(
                        Kind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                        Which.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getString(3),
                        "api"));
              }
              return out;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("access lists: " + e.getMessage(), e);
    }
  }

  private static Entry configEntry(Kind kind, Which list, String value) {
    return new Entry(kind, list, value, "config");
  }

  private boolean write(String sql, Object... params) {
    try {
      return db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
              }
              return ps.executeUpdate() > 0;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("access lists: " + e.getMessage(), e);
    }
  }
}
