package ai.kiana.server.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.engine.LedgerBus;
import ai.kiana.core.ledger.engine.LedgerMessage;

/**
 * The {@link LedgerService}'s engine bus: sends to nobody ({@link #LOCAL}) until sync starts, then
 * to the device transport ({@link LedgerService#connect}).
 */
final class RelayBus implements LedgerBus {

  /** The bus of a node without peers: every message goes to nobody. */
  static final LedgerBus LOCAL = new LocalBus();

  volatile LedgerBus target = LOCAL;

  @Override
  public void broadcast(DeviceId from, LedgerMessage message) {
    target.broadcast(from, message);
  }

  @Override
  public void send(DeviceId from, DeviceId to, LedgerMessage message) {
    target.send(from, to, message);
  }

  static final class LocalBus implements LedgerBus {
    @Override
    public void broadcast(DeviceId from, LedgerMessage message) {}

    @Override
    public void send(DeviceId from, DeviceId to, LedgerMessage message) {}
  }
}
