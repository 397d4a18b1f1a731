package ai.kiana.server.ledger;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.rules.ChainValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-validates the stored chain from genesis to the head, as {@code kiana verify --ledger} does:
 * every hash, seal, signer rule and transaction, through the same {@link ChainValidator} the rules
 * define. Reads the store only, so it also works on a ledger the engine would refuse to load.
 *
 * <p>A ledger that is missing altogether, a head without blocks, a block whose parent is not
 * stored, a block that no longer parses and a block that breaks a rule are all reported as {@link
 * Result.Failed}: each is what tampering or a damaged disk leaves behind.
 */
public final class LedgerAudit {

  private LedgerAudit() {}

  /** What a verification found. */
  public sealed interface Result {

    boolean ok();

    /** The whole chain from genesis to {@code head} is valid. */
    record Verified(long blocks, LedgerBlock head) implements Result {
      @Override
      public boolean ok() {
        return true;
      }
    }

    /**
     * The chain is not valid. {@code violation} is the first rule a block breaks (null when the
     * chain could not even be assembled); {@code problem} says what is wrong in words.
     *
     * @param height the height of the offending block, or -1 when no block is to blame
     */
    record Failed(long height, RuleViolation violation, String problem) implements Result {
      @Override
      public boolean ok() {
        return false;
      }
    }
  }

  /**
   * Opens the database of a node's config (not the node: its engine would load the chain first),
   * verifies its ledger with the node's parameters and closes the database again.
   *
   * @throws StoreException if the database cannot be opened or does not answer
   */
  public static Result verifyStored(NodeConfig config, Ed25519 ed25519, long now) {
    try (Stores stores =
        Stores.open(new StoreConfig(config.jdbcUrl(), config.dbUser(), config.dbPassword()))) {
      return verify(
          stores.ledger(), RuleFactory.chainValidator(ed25519, LedgerService.DEFAULT_PARAMS), now);
    }
  }

  /**
   * Verifies the chain that ends at the store's head, at wall-clock time {@code now} (epoch millis,
   * for the future-timestamp rule).
   *
   * @throws StoreException if the database does not answer
   */
  public static Result verify(LedgerStore store, ChainValidator validator, long now) {
    Map<String, LedgerBlock> byHash = new HashMap<>();
    try {
      store.forEach(b -> byHash.put(b.hash(), b));
    } catch (StoreException e) {
      if (e.getCause() instanceof InvalidLedgerDataException
          || e.getCause() instanceof JsonFormatException) {
        return new Result.Failed(-1, null, e.getMessage());
      }
      throw e;
    }
    Optional<String> headHash = store.head();
    if (headHash.isEmpty()) {
      return new Result.Failed(
          -1,
          null,
          byHash.isEmpty()
              ? "there is no ledger: no blocks and no head (a node creates its genesis block"
                  + " on 'kiana init' or its first 'kiana start')"
              : byHash.size() + " ledger blocks are stored but no head names the chosen chain");
    }
    List<LedgerBlock> chain = new ArrayList<>();
    String hash = headHash.get();
    while (!hash.equals(LedgerBlock.NO_PARENT)) {
      LedgerBlock block = byHash.get(hash);
      if (block == null) {
        long height = chain.isEmpty() ? -1 : chain.getLast().height();
        return new Result.Failed(
            height,
            null,
            chain.isEmpty()
                ? "the head names block " + hash + ", which is not stored"
                : "the block at height " + height + " names parent " + hash + ", not stored");
      }
      if (chain.size() > byHash.size()) {
        // Only a forged hash column can make parents loop; the rules would reject such a chain.
        return new Result.Failed(
            block.height(), null, "the parent links loop back on themselves at " + hash);
      }
      chain.add(block);
      hash = block.parent();
    }
    Collections.reverse(chain);
    return switch (validator.validate(chain, now)) {
      case Verdict.Accepted accepted -> new Result.Verified(chain.size(), chain.getLast());
      case Verdict.Rejected rejected ->
          new Result.Failed(
              rejected.violation().height(), rejected.violation(), rejected.violation().toString());
    };
  }
}
