package ai.kiana.core.ledger;

import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.identity.DeviceId;
import java.util.function.Supplier;

/**
 * {@link DeviceKeys} from a ledger state: a device's current key always, a former key for blocks
 * created before the ledger block that rotated it away, any other key never. A device the ledger
 * does not know (or no state yet) is judged offline.
 */
public final class LedgerKeys implements DeviceKeys {

  private final Supplier<LedgerState> state;

  public LedgerKeys(Supplier<LedgerState> state) {
    this.state = state;
  }

  @Override
  public Held held(DeviceId device, String keyHex) {
    LedgerState s = state.get();
    DeviceRecord r = s == null ? null : s.device(device);
    if (r == null) {
      return null;
    }
    if (r.key().equals(keyHex)) {
      return Held.ALWAYS;
    }
    for (DeviceRecord.FormerKey f : r.formerKeys()) {
      if (f.key().equals(keyHex)) {
        return new Held(f.untilMs());
      }
    }
    return Held.NEVER;
  }
}
