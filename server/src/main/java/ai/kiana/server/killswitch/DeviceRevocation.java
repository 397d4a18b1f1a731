package ai.kiana.server.killswitch;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.ledger.LedgerService;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Revoking devices: a signed device-revoked transaction on the ledger, and from the moment any such
 * transaction is on the chosen chain (issued here or received from another node) a {@link
 * SafetyListener#deviceRevoked} event, so that the transport drops the device's connections and
 * refuses its future blocks and messages. Blocks it signed before stay valid.
 */
public final class DeviceRevocation {

  private final LedgerService ledger;
  private final AuditLog audit;
  private final SafetyEvents events;
  // Only touched on the ledger thread (and in the constructor, before the listener is added).
  private final Set<DeviceId> revoked = new HashSet<>();
  private final Set<DeviceId> admitted = new HashSet<>();

  public DeviceRevocation(LedgerService ledger, AuditLog audit, SafetyEvents events) {
    this.ledger = ledger;
    this.audit = audit;
    this.events = events;
    for (DeviceRecord d : ledger.headState().devices().values()) {
      admitted.add(d.id());
      if (d.revoked()) {
        revoked.add(d.id());
      }
    }
    ledger.onHeadChange(this::onLedgerHead);
  }

  /** Whether {@code device} is revoked on the chosen chain. */
  public boolean isRevoked(DeviceId device) {
    DeviceRecord d = ledger.headState().device(device);
    return d != null && d.revoked();
  }

  /**
   * Submits a revocation signed by this device; the ledger's rules decide whether this device may
   * (creator/admin, and creator for creators and admins).
   */
  public LedgerService.Submission revoke(DeviceId device, String reason, String actor) {
    LedgerService.Submission s = ledger.submit(new TxPayload.DeviceRevoked(device, reason));
    audit.append(
        actor,
        AuditAction.DEVICE_REVOKED,
        device.hex(),
        s.admission().outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
    return s;
  }

  private void onLedgerHead(LedgerState state) {
    for (Map.Entry<DeviceId, DeviceRecord> e : state.devices().entrySet()) {
      DeviceRecord d = e.getValue();
      if (admitted.add(e.getKey())) {
        audit.append(
            "ledger",
            AuditAction.DEVICE_ADMITTED,
            d.id().hex(),
            d.role().wireName() + " " + d.name());
      }
      if (d.revoked() && revoked.add(e.getKey())) {
        audit.append("ledger", AuditAction.DEVICE_REVOKED, d.id().hex(), "sealed on the ledger");
        events.deviceRevoked(e.getKey(), "revoked on the ledger");
      }
    }
  }
}
