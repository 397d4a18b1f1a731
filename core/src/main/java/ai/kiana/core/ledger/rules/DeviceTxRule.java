package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.RoleChanged;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Device transactions must make sense for the device they name: a device is admitted once, with the
 * key its ID is the hash of, and a revoked device never comes back (it needs a new key);
 * revocations and role changes name an active device; the last creator stays a creator and the last
 * validator cannot be revoked, so the network never loses its owner or its ability to seal.
 */
public final class DeviceTxRule implements TxRule {

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    LedgerState state = c.state();
    String problem =
        switch (c.tx().payload()) {
          case DeviceAdmitted p -> admission(state, p);
          case DeviceRevoked p -> revocation(state, p.device());
          case RoleChanged p -> roleChange(state, p);
          default -> null;
        };
    return problem == null ? Optional.empty() : c.fail(ViolationKind.INVALID_TX, problem);
  }

  private static String admission(LedgerState state, DeviceAdmitted p) {
    if (!p.device().matches(HEX.parseHex(p.deviceKey()))) {
      return "device ID " + Describe.device(p.device()) + " is not the hash of deviceKey";
    }
    for (DeviceRecord d : state.devices().values()) {
      if (!d.id().equals(p.device()) && d.hadKey(p.deviceKey())) {
        return "deviceKey is (or was) the key of " + Describe.device(d.id());
      }
    }
    DeviceRecord known = state.device(p.device());
    if (known != null) {
      return known.revoked()
          ? "device " + Describe.device(p.device()) + " was revoked and cannot be admitted again"
          : "device " + Describe.device(p.device()) + " is already admitted";
    }
    return null;
  }

  private static String revocation(LedgerState state, DeviceId device) {
    String inactive = requireActive(state, device);
    if (inactive != null) {
      return inactive;
    }
    if (state.activeRole(device) == Role.CREATOR && state.activeCount(Role.CREATOR) == 1) {
      return "the last creator cannot be revoked";
    }
    if (state.isValidator(device) && state.validators().size() == 1) {
      return "the last validator cannot be revoked";
    }
    return null;
  }

  private static String roleChange(LedgerState state, RoleChanged p) {
    String inactive = requireActive(state, p.device());
    if (inactive != null) {
      return inactive;
    }
    if (state.activeRole(p.device()) == Role.CREATOR
        && p.role() != Role.CREATOR
        && state.activeCount(Role.CREATOR) == 1) {
      return "the last creator cannot lose the creator role";
    }
    return null;
  }

  private static String requireActive(LedgerState state, DeviceId device) {
    DeviceRecord record = state.device(device);
    if (record == null) {
      return "device " + Describe.device(device) + " is not admitted";
    }
    if (record.revoked()) {
      return "device " + Describe.device(device) + " is already revoked";
    }
    return null;
  }
}
