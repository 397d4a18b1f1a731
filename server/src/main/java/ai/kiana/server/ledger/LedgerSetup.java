package ai.kiana.server.ledger;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.Genesis;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.util.Optional;

/**
 * Creating a node's ledger: the genesis block that {@code kiana init} makes on the Mother, with
 * this device as the creator and first validator. A node's first start does the same ({@link
 * LedgerService#open}), so a node never runs without a ledger.
 *
 * <p>A device that then pairs with a node of an existing network gives this genesis up for the
 * network's ({@link LedgerService#adopt}), as long as its ledger holds nothing else.
 */
public final class LedgerSetup {

  /** What {@link #ensureGenesis} found or made. */
  public record Outcome(LedgerBlock genesis, boolean created, long blocks) {}

  private LedgerSetup() {}

  /**
   * Opens the database of {@code config} and stores a new genesis block there unless it holds a
   * ledger already; idempotent.
   *
   * @param now the genesis timestamp, epoch millis
   * @throws ai.kiana.core.block.StoreException if the database cannot be opened or written
   */
  public static Outcome ensureGenesis(NodeConfig config, NodeIdentity creator, long now) {
    try (Stores stores =
        Stores.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword()))) {
      LedgerStore store = stores.ledger();
      Optional<LedgerBlock> existing = genesisOf(store);
      if (existing.isPresent()) {
        return new Outcome(existing.get(), false, store.count());
      }
      LedgerBlock genesis = newGenesis(creator, now);
      store.put(genesis, genesis.hash());
      return new Outcome(genesis, true, 1);
    }
  }

  /** The stored genesis block, if the store holds a ledger. */
  static Optional<LedgerBlock> genesisOf(LedgerStore store) {
    return store.atHeight(0).stream().findFirst();
  }

  /** A one-device network: {@code creator} admitted as creator and the only validator. */
  static LedgerBlock newGenesis(NodeIdentity creator, long now) {
    return Genesis.create(creator, LedgerService.DEFAULT_CREATOR_NAME, now);
  }
}
