package ai.kiana.core.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a node keeps the ledger blocks it has accepted, including blocks of forks it has not
 * chosen, and which block is the head of its chosen chain. Implementations: SQLite and PostgreSQL
 * in {@code store}, in-memory in {@code testkit}; all pass the same contract tests.
 *
 * <p>The store does not validate: callers store only blocks that passed the rules. Blocks are
 * immutable, so storing one that is present is a no-op. Thread-safe; database failures surface as
 * {@link ai.kiana.core.block.StoreException}.
 */
public interface LedgerStore {

  /**
   * Stores a block and, when {@code newHead} is not null, makes that block the head, in one
   * transaction: after a crash the head always names a stored block.
   */
  void put(LedgerBlock block, String newHead);

  /** Makes a stored block the head (after a reorg to a block stored earlier). */
  void setHead(String hash);

  /** The hash of the head of the chosen chain; empty before genesis. */
  Optional<String> head();

  Optional<LedgerBlock> get(String hash);

  /** Every stored block at this height, of any fork, in the order they were stored. */
  List<LedgerBlock> atHeight(long height);

  /** Every stored block, lowest height first (parents before children), for a restart. */
  void forEach(Consumer<LedgerBlock> action);

  long count();

  /**
   * Replaces a ledger that holds nothing but its genesis block by another network's genesis, which
   * becomes the head, in one transaction: how a device that pairs adopts the ledger of the network
   * it joins. An empty store simply gets {@code genesis}.
   *
   * @throws IllegalStateException if the store holds more than a genesis block (nothing changes)
   */
  void replaceGenesis(LedgerBlock genesis);
}
