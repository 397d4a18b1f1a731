package ai.kiana.cli;

import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.auth.SecurityStore;
import ai.kiana.server.killswitch.KillSwitch;
import ai.kiana.server.limits.LoginThrottle;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.time.Clock;

/**
 * The security tables of a data directory without the rest of the node (no ledger thread), so the
 * kill switch and the audit check work the same whether or not a node is running on it: a running
 * node sees a halt written here within a quarter second and issues the ledger transaction itself.
 */
final class LocalSecurity implements AutoCloseable {

  private final Stores stores;
  final AuditLog audit;
  final KillSwitch killSwitch;

  private LocalSecurity(Stores stores, NodeConfig config) {
    this.stores = stores;
    Clock clock = Clock.systemUTC();
    SecurityStore store = new SecurityStore(stores.database());
    this.audit = new AuditLog(stores.database(), config.dataDir(), clock);
    this.killSwitch =
        KillSwitch.withoutLedger(
            store, audit, PasswordHasher.DEFAULT, new LoginThrottle(clock), clock);
  }

  static LocalSecurity open(CliContext ctx) {
    NodeConfig config = ctx.config();
    ctx.requireKey(config.dataDir());
    Stores stores =
        Stores.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword()));
    try {
      return new LocalSecurity(stores, config);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  @Override
  public void close() {
    stores.close();
  }
}
