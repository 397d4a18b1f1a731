package ai.kiana.store.ledger;

import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.sql.Database;
import ai.kiana.store.sql.SqlBlockStore;
import java.util.Collection;
import java.util.List;

/**
 * A node's two stores over one database: the knowledge blocks and the ledger. They share the
 * connections (and, on SQLite, the one writer), so the ledger costs no second pool. Closing this
 * closes the database; the ledger store does not own it.
 */
public record Stores(BlockStore blocks, LedgerStore ledger) implements AutoCloseable {

  /**
   * Opens and migrates the database {@code config} names, as {@link StoreFactory#open} does, and
   * hands back both stores over it; the caller closes the result.
   *
   * @throws IllegalArgumentException if the config is invalid or names an unsupported database
   * @throws ai.kiana.core.block.StoreException if the database cannot be opened or migrated
   */
  public static Stores open(StoreConfig config) {
    Database db = StoreFactory.openDatabase(config);
    return new Stores(new SqlBlockStore(db), new SqlLedgerStore(db));
  }

  /**
   * Stores knowledge blocks and ledger blocks and makes {@code ledgerHead} the ledger's head, all
   * in one transaction: everything is stored or nothing is. For restoring a backup into an empty
   * database; the caller has verified all of it. Blocks that are stored already are skipped.
   *
   * @param ledger ledger blocks, parents before children, including {@code ledgerHead}
   * @return how many knowledge blocks were newly stored
   * @throws ai.kiana.core.block.StoreException if the database fails; nothing was stored then
   */
  public int restore(
      Collection<KnowledgeBlock> knowledge, List<LedgerBlock> ledger, String ledgerHead) {
    return restore(knowledge, ledger, ledgerHead, c -> null);
  }

  /**
   * As {@link #restore(Collection, List, String)}, and runs {@code more} (the node's other tables:
   * accounts, audit log) in the same transaction: all of it is stored or none.
   */
  public int restore(
      Collection<KnowledgeBlock> knowledge,
      List<LedgerBlock> ledger,
      String ledgerHead,
      ai.kiana.store.sql.SqlWork<?> more) {
    if (!(blocks instanceof SqlBlockStore sql) || !(this.ledger instanceof SqlLedgerStore)) {
      throw new IllegalStateException("restore needs the SQL stores that Stores.open makes");
    }
    return sql.putAll(
        knowledge,
        c -> {
          SqlLedgerStore.putAll(c, ledger, ledgerHead);
          more.run(c);
          return null;
        });
  }

  /**
   * The database under both stores, for the node's other tables (accounts, audit log); owned by
   * this, so callers must not close it.
   */
  public Database database() {
    return ((SqlBlockStore) blocks).database();
  }

  /** Closes the database under both stores. Idempotent. */
  @Override
  public void close() {
    blocks.close();
  }
}
