package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.RoleChanged;
import ai.kiana.core.ledger.TxType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may issue which transaction. The issuer must also be an active (admitted, not revoked)
 * device; that is {@link TxIssuerRule}'s check.
 *
 * <table>
 *   <caption>Issuers per transaction type</caption>
 *   <tr><th>type</th><th>may issue</th></tr>
 *   <tr><td>device-admitted</td><td>creator, admin; creator only if the new role is creator
 *       or admin</td></tr>
 *   <tr><td>device-revoked</td><td>creator, admin; creator only if the device is a creator or
 *       admin</td></tr>
 *   <tr><td>role-changed</td><td>creator, admin; creator only if the old or new role is
 *       creator or admin</td></tr>
 *   <tr><td>validator-vote</td><td>current validators</td></tr>
 *   <tr><td>kill-switch</td><td>creator, admin (anyone responsible can stop the network)</td>
 *   </tr>
 *   <tr><td>resume</td><td>creator (only the owner restarts it)</td></tr>
 *   <tr><td>model-published</td><td>creator, admin, submind (the device that ran the
 *       federated round)</td></tr>
 *   <tr><td>knowledge-checkpoint</td><td>current validators</td></tr>
 *   <tr><td>policy-changed</td><td>creator, admin</td></tr>
 *   <tr><td>key-rotated</td><td>every role, for its own key</td></tr>
 * </table>
 *
 * <p>Users and sensors issue no other ledger transactions.
 */
public final class TxPermissions {

  private static final Set<Role> CREATOR = EnumSet.of(Role.CREATOR);
  private static final Set<Role> ADMINS = EnumSet.of(Role.CREATOR, Role.ADMIN);
  private static final Set<Role> PUBLISHERS = EnumSet.of(Role.CREATOR, Role.ADMIN, Role.SUBMIND);

  /** Roles allowed per type; a type absent here is for validators instead. */
  private static final Map<TxType, Set<Role>> ROLES = new EnumMap<>(TxType.class);

  static {
    ROLES.put(TxType.DEVICE_ADMITTED, ADMINS);
    ROLES.put(TxType.DEVICE_REVOKED, ADMINS);
    ROLES.put(TxType.ROLE_CHANGED, ADMINS);
    ROLES.put(TxType.KILL_SWITCH, ADMINS);
    ROLES.put(TxType.RESUME, CREATOR);
    ROLES.put(TxType.MODEL_PUBLISHED, PUBLISHERS);
    ROLES.put(TxType.POLICY_CHANGED, ADMINS);
    // The payload names no device: a device can only ever rotate its own key.
    ROLES.put(TxType.KEY_ROTATED, EnumSet.allOf(Role.class));
  }

  private TxPermissions() {}

  /** Whether the type is issued by validators (votes, knowledge checkpoints) rather than roles. */
  public static boolean forValidators(TxType type) {
    return !ROLES.containsKey(type);
  }

  /** The roles that may issue {@code type} in general; empty for validator transactions. */
  public static Set<Role> roles(TxType type) {
    return ROLES.getOrDefault(type, Set.of());
  }

  /**
   * Why {@code tx}'s issuer may not issue it in {@code state}, or null if it may. Assumes the
   * issuer is an active device.
   */
  public static String refusal(LedgerState state, LedgerTx tx) {
    DeviceId issuer = tx.issuer();
    if (forValidators(tx.type())) {
      return state.isValidator(issuer) ? null : "only validators may issue " + name(tx);
    }
    Role role = state.activeRole(issuer);
    if (!roles(tx.type()).contains(role)) {
      return "a device with role " + wire(role) + " may not issue " + name(tx);
    }
    if (role != Role.CREATOR && needsCreator(state, tx)) {
      return "only a creator may grant, change or revoke the creator and admin roles";
    }
    return null;
  }

  private static boolean needsCreator(LedgerState state, LedgerTx tx) {
    return switch (tx.payload()) {
      case DeviceAdmitted p -> p.role().privileged();
      case DeviceRevoked p -> privileged(state.device(p.device()));
      case RoleChanged p -> p.role().privileged() || privileged(state.device(p.device()));
      default -> false;
    };
  }

  private static boolean privileged(DeviceRecord device) {
    return device != null && device.role().privileged();
  }

  private static String name(LedgerTx tx) {
    return tx.type().wireName();
  }

  private static String wire(Role role) {
    return role == null ? "(none)" : role.wireName();
  }
}
