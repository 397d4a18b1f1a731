package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;

/**
 * How a {@link LedgerEngine} reaches its peers. Delivery is best effort: messages may be delayed,
 * reordered, duplicated or lost, and the engine copes (gossip is repeated, catch-up is retried on
 * the next {@link LedgerMessage.Status}).
 *
 * <p>Implementations must not deliver synchronously into another engine from inside these calls
 * (queue instead): engines call the bus while they hold their own lock. The testkit's simulated bus
 * and, later, the sync transport implement it.
 */
public interface LedgerBus {

  /** Sends {@code message} to every peer but {@code from}. */
  void broadcast(DeviceId from, LedgerMessage message);

  /** Sends {@code message} to one peer. */
  void send(DeviceId from, DeviceId to, LedgerMessage message);
}
