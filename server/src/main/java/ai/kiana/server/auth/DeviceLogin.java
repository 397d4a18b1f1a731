package ai.kiana.server.auth;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.AuthException.Kind;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.limits.AccessLists;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices (subminds, sensors) log in by their key, not by a password: they sign {@code
 * "kiana-device-login\n<this node's device id hex>\n<timestamp ms>"} with the Ed25519 key the
 * ledger admitted them with. The node checks the device is admitted and not revoked, the signature,
 * that the timestamp is within {@link #WINDOW_MS} of its clock and not used before, and issues an
 * access token for the device's account ({@code device-<first 16 hex>}, made on first login, with
 * the device's ledger role and no usable password). A revoked device's account is removed at once,
 * so its tokens stop working.
 */
public final class DeviceLogin {

  public static final long WINDOW_MS = 60_000;
  static final String PREFIX = "kiana-device-login\n";

  private final LedgerService ledger;
  private final SecurityStore store;
  private final AuthService auth;
  private final AuditLog audit;
  private final Ed25519 ed25519;
  private final AccessLists lists;
  private final Clock clock;
  private final Map<String, Long> used = new ConcurrentHashMap<>();

  public DeviceLogin(
      LedgerService ledger,
      SecurityStore store,
      AuthService auth,
      AuditLog audit,
      Ed25519 ed25519,
      AccessLists lists,
      Clock clock) {
    this.ledger = ledger;
    this.store = store;
    this.auth = auth;
    this.audit = audit;
    this.ed25519 = ed25519;
    this.lists = lists;
    this.clock = clock;
  }

  /** The bytes a device signs to log in to the node {@code node} at {@code timestampMs}. */
  public static byte[] challenge(DeviceId node, long timestampMs) {
    return (PREFIX + node.hex() + "\n" + timestampMs).getBytes(StandardCharsets.UTF_8);
  }

  public static String accountName(DeviceId device) {
    return "device-" + device.hex().substring(0, 16);
  }

  /**
   * @throws AuthException UNAUTHORIZED for an unknown or revoked device, a bad signature, a stale
   *     or reused timestamp; FORBIDDEN for a device the allow/deny lists refuse
   */
  public AuthService.Session login(DeviceId device, long timestampMs, String signatureHex) {
    if (!lists.permitsDevice(device)) {
      audit.append(
          "device " + device.hex(), AuditAction.DEVICE_DENIED, accountName(device), "login");
      throw new AuthException(Kind.FORBIDDEN, "this device is refused by the node's device list");
    }
    LedgerState state = ledger.headState();
    DeviceRecord record = state.device(device);
    long now = clock.millis();
    byte[] sig;
    try {
      sig = HexFormat.of().parseHex(signatureHex);
    } catch (IllegalArgumentException e) {
      sig = new byte[0];
    }
    boolean ok =
        record != null
            && !record.revoked()
            && Math.abs(now - timestampMs) <= WINDOW_MS
            && sig.length == 64
            && ed25519.verify(
                HexFormat.of().parseHex(record.key()),
                challenge(ledger.deviceId(), timestampMs),
                sig)
            && used.putIfAbsent(device.hex() + "/" + timestampMs, now) == null;
    used.values().removeIf(at -> now - at > 2 * WINDOW_MS);
    if (!ok) {
      audit.append("device " + device.hex(), AuditAction.LOGIN_FAILED, accountName(device), "key");
      throw new AuthException(
          Kind.UNAUTHORIZED, "the device is not admitted or the proof is wrong");
    }
    Role role = record.role();
    String name = accountName(device);
    Account account =
        store
            .account(name)
            .filter(a -> a.role() == role)
            .orElseGet(
                () -> {
                  store.account(name).ifPresent(a -> store.deleteAccount(a.id()));
                  // "!" is no argon2id hash, so no password ever matches it.
                  return auth.createHashed(name, role, "!", null);
                });
    audit.append(name, AuditAction.LOGIN, name, "by device key");
    return auth.sessionFor(account);
  }

  /** Drops the account of a revoked device, so its tokens stop working at once. */
  public void revoked(DeviceId device) {
    store.account(accountName(device)).ifPresent(a -> store.deleteAccount(a.id()));
    auth.forgetCachedAccounts();
  }
}
