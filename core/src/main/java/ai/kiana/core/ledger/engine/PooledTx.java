package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerTx;

/**
 * A transaction in the {@link TxPool} with its id (computed once), its place in arrival order, and
 * when it arrived and was last announced.
 */
final class PooledTx {
  final LedgerTx tx;
  final String id;
  final long order;
  final long arrivedAt;
  long announcedAt;

  PooledTx(LedgerTx tx, String id, long order, long arrivedAt) {
    this.tx = tx;
    this.id = id;
    this.order = order;
    this.arrivedAt = arrivedAt;
    this.announcedAt = arrivedAt;
  }

  DeviceId issuer() {
    return tx.issuer();
  }

  long seq() {
    return tx.seq();
  }
}
